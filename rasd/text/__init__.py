"""Text layer: normalisation with an offset map, sentences, language id, clitic-aware matching."""

from rasd.text.normalise import NormText, fold, normalise

__all__ = ["NormText", "fold", "normalise"]
