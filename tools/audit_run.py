"""Check one evaluation's safety figures against hand labels: the judge's attack success and over-refusal for base
and candidate, the same from the hand labels of exactly those responses, each with its 95% Wilson interval and the
paired exact McNemar test, and the judge's agreement with the labels on that run.

    .venv/bin/python tools/audit_run.py RUN_DIR [--labels LABELS.jsonl ...]  (default: the config's judge.labels and
                                                                          judge.audit_labels)

RUN_DIR is an evaluation's folder (``make demo`` prints it: ``<SINGALIGN_CACHE>/runs/<flow run id>``, holding
``report.md`` and ``<set>-<model>.jsonl``). Exit 1 when some response has no hand label (they are listed, so they
can be labelled: docs/labelling.md), 2 on a bad argument.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from alignment.config import JudgeSettings  # noqa: E402

# The labels every evaluation is checked with (judge.labels and judge.audit_labels), relative to the project root
JUDGE_LABELS = [ROOT / p for p in JudgeSettings().labels]
DEFAULT_LABELS = [*JUDGE_LABELS, *(ROOT / p for p in JudgeSettings().audit_labels)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run_dir", type=Path)
    ap.add_argument("--labels", type=Path, nargs="+", default=DEFAULT_LABELS)
    ap.add_argument("--confidence", type=float, default=0.95)
    ap.add_argument("--judge-labels", type=Path, nargs="+", default=JUDGE_LABELS,
                    help="the labels the judge trained on (judge.labels): their train split is left out of the "
                    "judge's agreement on this run")
    args = ap.parse_args()
    for path in [args.run_dir, *args.labels]:
        if not path.exists():
            ap.error(f"{path}: not found")

    from alignment.evaluation.audit import audit

    try:
        checked = audit(args.run_dir, args.labels, args.confidence, judge_labels=args.judge_labels)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if checked.hand is None:
        print(f"{len(checked.missing)} response(s) of {args.run_dir} have no hand label; label them first "
              f"(docs/labelling.md):", file=sys.stderr)
        for r in checked.missing[:20]:
            print(f"  {r['model']} {r['set']} {r['id']}: {r['response'][:80]!r}", file=sys.stderr)
        return 1

    print(f"{args.run_dir}:")
    print("\n".join(checked.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
