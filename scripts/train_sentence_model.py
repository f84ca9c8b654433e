"""Train the event-sentence model on the Arabic ASSAULT/PROTEST gold standard.

usage: python scripts/train_sentence_model.py

Data: ../shared/data/arabic_event_gsr_oeda (sentences judged by annotators: does
this sentence report an assault / a protest event?). Labels: "yes" = 1, "easy no"
and "difficult no" = 0 ("ambiguous" is left out). A logistic regression over the
clitic-stripped words of ``rasd.events.features.words_of`` is fitted (scikit-learn,
training only); the strongest 4,000 word weights ship in
``rasd/data/sentence_model.json``. The coder uses the score as one feature of a
candidate event.
"""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

from rasd.events.features import words_of
from rasd.text.normalise import fold

ROOT = Path(__file__).resolve().parents[1]
GSR = ROOT.parent / "shared" / "data" / "arabic_event_gsr_oeda"
KEEP = 4000


def load() -> tuple[list[dict[str, float]], list[int]]:
    xs, ys = [], []
    for name in ("assault_gsr.csv.gz", "protest_gsr.csv.gz"):
        with gzip.open(GSR / name, "rt", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["label"] == "ambiguous":
                    continue
                xs.append({w: 1.0 for w in words_of(fold(row["text"]))})
                ys.append(1 if row["label"] == "yes" else 0)
    return xs, ys


def main() -> None:
    xs, ys = load()
    vec = DictVectorizer()
    x = vec.fit_transform(xs)
    model = LogisticRegression(C=0.5, max_iter=3000, class_weight="balanced")
    auc = cross_val_score(model, x, ys, cv=5, scoring="roc_auc")
    model.fit(x, ys)
    coef = model.coef_[0]
    order = np.argsort(-np.abs(coef))[:KEEP]
    weights = {vec.feature_names_[i]: round(float(coef[i]), 4) for i in order}
    out = ROOT / "rasd" / "data" / "sentence_model.json"
    out.write_text(json.dumps({
        "about": "Event-sentence model: logistic regression over words, trained on the Arabic ASSAULT/PROTEST "
                 "gold standard (../shared/data/arabic_event_gsr_oeda, MIT) by scripts/train_sentence_model.py",
        "sentences": len(ys), "positives": int(sum(ys)), "cv_roc_auc": round(float(np.mean(auc)), 4),
        "bias": round(float(model.intercept_[0]), 4), "weights": weights,
    }, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(ys)} sentences, {sum(ys)} positive, 5-fold ROC AUC {np.mean(auc):.3f}; wrote {out}")


if __name__ == "__main__":
    main()
