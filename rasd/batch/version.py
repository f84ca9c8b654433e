"""The pipeline version of a batch output: the one the store records with every extraction.

``<package version>+<12 hex digits>`` (:func:`rasd.store.version.pipeline_version`): the
rasd version as ``rasd version`` prints it, and a SHA-256 over every packaged rule data
file (``rasd/data``: lexicons, gazetteer, actors, models). One definition for the whole
project, so a batch manifest, the store's ``articles.pipeline_version`` and ``rasd
ingest --reextract`` agree on what is out of date. A change of rule *code* without a
version bump does not change it: rerun with ``rasd batch --full`` then (as ``rasd ingest
--reextract --force`` for the store).
"""

from __future__ import annotations

from rasd.store.version import pipeline_version

__all__ = ["pipeline_version"]
