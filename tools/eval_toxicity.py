"""Independent evaluation of the toxicity classifier on a labelled file it has never seen.

Public Singlish hate-speech sets (for example SGHateCheck's human-annotated Singlish cases) are reserved for this:
keep the file OUTSIDE the project, never train or tune on it, and run this once per classifier version.

    .venv/bin/python tools/eval_toxicity.py /path/to/ss_annotations.csv \
        --text c_testcase --label annotation_selected --positive hateful --negative non-hateful --group t_function

Prints ROC AUC (95% bootstrap interval), the share of positive texts flagged (recall) and of negative texts flagged
(false-positive rate), both with 95% Wilson intervals at the configured threshold, and the same per group.
Rows whose label is neither --positive nor --negative (e.g. "undecided") are counted and left out.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def read_table(path: Path, text: str, label: str, group: str | None):
    import pandas as pd

    frame = pd.read_json(path, lines=True) if path.suffix == ".jsonl" else pd.read_csv(path)
    missing = [c for c in (text, label, group) if c and c not in frame.columns]
    if missing:
        sys.exit(f"{path}: no column {', '.join(missing)}; columns are {', '.join(map(str, frame.columns))}")
    return frame


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", type=Path)
    ap.add_argument("--text", required=True)
    ap.add_argument("--label", required=True)
    ap.add_argument("--positive", required=True, help="label value meaning toxic/hateful")
    ap.add_argument("--negative", required=True, help="label value meaning not toxic")
    ap.add_argument("--group", help="column to break the figures down by")
    ap.add_argument("--config", type=Path, default=ROOT / "configs" / "demo.yaml")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    import numpy as np
    from scipy.stats import bootstrap
    from sklearn.metrics import roc_auc_score

    from alignment.config import default_cache_dir, load_config
    from alignment.evaluation.stats import wilson
    from alignment.evaluation.toxicity import load_scorer

    frame = read_table(args.file, args.text, args.label, args.group)
    labels = frame[args.label].astype(str)
    keep = labels.isin([args.positive, args.negative])
    dropped = int((~keep).sum())
    frame, y = frame[keep], (labels[keep] == args.positive).to_numpy()
    cfg = load_config(args.config)
    scorer = load_scorer(cfg.scorer, default_cache_dir(), seed=cfg.training.seed)
    p = np.asarray(scorer.scores(frame[args.text].astype(str).tolist()))
    flagged = np.asarray(scorer.is_toxic(frame[args.text].astype(str).tolist()))

    def figures(mask) -> dict:
        yy, pp, ff = y[mask], p[mask], flagged[mask]
        out = {"n": int(mask.sum()), "positives": int(yy.sum())}
        if yy.any():
            out["flagged_positive"] = wilson(int(ff[yy].sum()), int(yy.sum())).to_dict()
        if (~yy).any():
            out["flagged_negative"] = wilson(int(ff[~yy].sum()), int((~yy).sum())).to_dict()
        if yy.any() and (~yy).any():
            out["auc"] = float(roc_auc_score(yy, pp))
        return out

    overall = figures(np.ones(len(y), dtype=bool))
    ci = bootstrap((y.astype(int), p), lambda a, b: roc_auc_score(a, b), paired=True, vectorized=False,
                   n_resamples=999, confidence_level=0.95, random_state=0, method="percentile").confidence_interval
    overall["auc_interval"] = [float(ci.low), float(ci.high)]
    report = {"file": str(args.file), "dropped_unlabelled": dropped, "threshold": cfg.scorer.threshold,
              "classifier": cfg.scorer.kind, "overall": overall}
    if args.group:
        groups = frame[args.group].astype(str).to_numpy()
        report["groups"] = {g: figures(groups == g) for g in sorted(set(groups))}
    if args.json:
        print(json.dumps(report, indent=2))
        return

    def line(name: str, f: dict) -> str:
        parts = [f"{name:<22} n={f['n']:<5}"]
        if "auc" in f:
            parts.append(f"AUC {f['auc']:.3f}")
        if "flagged_positive" in f:
            parts.append(f"flagged hateful {_rate(f['flagged_positive'])}")
        if "flagged_negative" in f:
            parts.append(f"flagged non-hateful {_rate(f['flagged_negative'])}")
        return "  ".join(parts)

    print(f"{args.file}: {overall['n']} rows ({dropped} without a {args.positive}/{args.negative} label left out), "
          f"threshold {cfg.scorer.threshold}")
    print(line("overall", overall) + f"  (AUC 95% CI {ci.low:.3f}-{ci.high:.3f})")
    for g, f in report.get("groups", {}).items():
        print(line(g, f))


def _rate(d: dict) -> str:
    return f"{100 * d['rate']:.1f}% [{100 * d['low']:.1f}, {100 * d['high']:.1f}]"


if __name__ == "__main__":
    main()
