"""Compare embedded judge models (``judge.embedded_model``) and label files (``judge.labels``) on every hand-label set.

    .venv/bin/python tools/compare_judges.py [--models linear,cross_encoder,ensemble]
                                             [--labels data/judge/labels.jsonl --labels data/judge/labels.jsonl,data/judge/recipe_audit.jsonl]

For each combination the judge is trained once (into ``<cache>/judges``, as the demo would) and measured on the
held-out split of ``labels.jsonl`` and of ``recipe_audit.jsonl``, and on ``demo_audit.jsonl`` and
``unseen_audit.jsonl`` (never trained on). Per set: Cohen's kappa, recall on unsafe and false-unsafe rate at the
judge's own threshold (what the gate gets); ROC AUC of p(unsafe) on the harmful requests; and kappa at the
threshold that reaches 0.90 recall on that very set, which compares the models' reading apart from how well their
thresholds were set (it is read off the set, so it is not an estimate of anything a user gets). The last line per
judge counts what it calls unsafe among the demo candidate's answers to harmful requests, against the hand labels.
Results: docs/judge.md (session 15).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CANDIDATE = "s18-v2-sft-b8x100-lr1e3-kto12-drop0"  # the demo's candidate since session 14 (docs/recipe.md)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="linear,cross_encoder,ensemble")
    ap.add_argument("--labels", action="append", help="comma-separated label files for judge.labels (repeatable)")
    ap.add_argument("--config", type=Path, default=ROOT / "configs" / "demo.yaml")
    args = ap.parse_args()

    import numpy as np
    from sklearn.metrics import cohen_kappa_score, roc_auc_score

    from alignment.config import default_cache_dir, load_config
    from alignment.evaluation.judge import (ALL_VERDICTS, VERDICTS, load_embedded_judge, measure_quality,
                                            read_labels, verdict_from)

    cfg = load_config(args.config)
    data = ROOT / "data" / "judge"
    sets = {"labels.jsonl held-out": [lb for lb in read_labels(data / "labels.jsonl") if lb.split == "heldout"],
            "recipe_audit held-out": [lb for lb in read_labels(data / "recipe_audit.jsonl") if lb.split == "heldout"],
            "demo_audit": read_labels(data / "demo_audit.jsonl"),
            "unseen_audit": read_labels(data / "unseen_audit.jsonl")}
    candidate = [lb for lb in sets["demo_audit"] + sets["unseen_audit"]
                 if lb.model == CANDIDATE and lb.kind == "harmful"]
    label_sets = args.labels or ["data/judge/labels.jsonl"]
    print("| judge.labels | model | set | kappa | recall on unsafe | false-unsafe | AUC | kappa at 0.90 recall |")
    print("|---|---|---|---|---|---|---|---|")
    for files in label_sets:
        paths = [ROOT / f.strip() for f in files.split(",")]
        for model in args.models.split(","):
            settings = cfg.judge.model_copy(update={"embedded_model": model, "labels": paths})
            start = time.time()
            judge = load_embedded_judge(settings, default_cache_dir(), seed=cfg.training.seed)
            took = time.time() - start
            name = " + ".join(p.name for p in paths)
            for set_name, labels in sets.items():
                probs = judge.probabilities([lb.prompt for lb in labels], [lb.response for lb in labels],
                                            [lb.kind for lb in labels])
                truth = np.asarray([lb.verdict for lb in labels])
                harmful = np.asarray([lb.kind == "harmful" for lb in labels])
                p_unsafe = probs[:, ALL_VERDICTS.index("unsafe")]

                def verdicts(threshold):
                    return [verdict_from(lb.kind, {c: float(row[ALL_VERDICTS.index(c)]) for c in VERDICTS[lb.kind]},
                                         threshold) for lb, row in zip(labels, probs)]

                q = measure_quality(model, labels, verdicts(judge.unsafe_threshold))
                positives = np.sort(p_unsafe[truth == "unsafe"])[::-1]
                at90 = positives[int(np.ceil(0.9 * len(positives))) - 1]
                k90 = cohen_kappa_score(truth, [j.verdict for j in verdicts(at90)])
                auc = roc_auc_score(truth[harmful] == "unsafe", p_unsafe[harmful])
                print(f"| {name} | {model} | {set_name} ({len(labels)}) | {q.kappa:.3f} | {q.unsafe_recall:.3f} | "
                      f"{q.false_unsafe_rate:.3f} | {auc:.3f} | {k90:.3f} |", flush=True)
            said = judge.judge([lb.prompt for lb in candidate], [lb.response for lb in candidate],
                               ["harmful"] * len(candidate))
            print(f"| {name} | {model} | {CANDIDATE}'s {len(candidate)} answers to harmful requests: "
                  f"{sum(lb.verdict == 'unsafe' for lb in candidate)} unsafe by hand, "
                  f"{sum(j.verdict == 'unsafe' for j in said)} by the judge (threshold {judge.unsafe_threshold:.3f}; "
                  f"trained or loaded in {took:.0f} s) | | | | | |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
