"""Validation throughput and peak memory on a generated batch (default 1,000,000 rows).

    .venv/bin/python bench/validate_1m.py [--rows N] [--keep]

Writes a batch built from the bundled training rows (each prompt given a distinct Singlish tail so that no
(prompt, completion) pair repeats), then validates it in a fresh process with both GX suites, exactly as
`singalign validate` does, and prints rows per second and that process's peak resident memory.
Targets (issue #3): under 120 s and under 3 GB on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TAIL_WORDS = ("lah leh lor meh sia hor wah alamak shiok paiseh kiasu sian chope makan jialat walao "
              "already one got can cannot then how also really very").split()


def write_batch(path: Path, n_rows: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    rows = [json.loads(line) for line in (ROOT / "data/train/singlish_safety.jsonl").read_text().splitlines()]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n_rows):
            r = rows[rng.randrange(len(rows))]
            tail = " ".join(rng.choice(TAIL_WORDS) for _ in range(3))
            fh.write(json.dumps({"id": f"bench-{i:08d}", "prompt": f"{r['prompt']} {tail} (#{i})",
                                 "completion": r["completion"], "label": r["label"], "category": r["category"],
                                 "source": "bench"}, ensure_ascii=False) + "\n")


CHILD = """
import sys, time
from pathlib import Path
from alignment.config import load_config
from alignment.data.validate import rules_from_config, validate_batch
cfg = load_config(sys.argv[2])
t = time.perf_counter()
report, _ = validate_batch([Path(sys.argv[1])], rules_from_config(cfg))
print(time.perf_counter() - t, report.rows, len(report.errors), len(report.warnings), flush=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the generated batch")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="singalign-bench-"))
    batch = tmp / "batch.jsonl"
    t = time.perf_counter()
    write_batch(batch, args.rows)
    print(f"generated {args.rows:,} rows ({batch.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.0f} s")

    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, str(batch), str(ROOT / "configs/demo.yaml")],
                          capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"validation failed:\n{proc.stderr[-3000:]}")
    validate_s, rows, errors, warnings = proc.stdout.split()[-4:]
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rows = int(rows)
    print(f"validated {rows:,} rows: {float(validate_s):.1f} s inside validate_batch, {wall:.1f} s for the whole "
          f"process (imports included); errors {errors}, warnings {warnings}")
    print(f"rows per second: {rows / wall:,.0f} (whole process)")
    print(f"peak memory: {peak_mb:,.0f} MB")
    print(f"targets: time {wall:.0f} s / 120 s = {wall / 120:.2f}  {'OK' if wall < 120 else 'MISSED'}; "
          f"memory {peak_mb / 1024:.2f} GB / 3 GB = {peak_mb / 3072:.2f}  {'OK' if peak_mb < 3072 else 'MISSED'}")
    if not args.keep:
        batch.unlink()
        tmp.rmdir()
    else:
        print(f"batch kept at {batch}")


if __name__ == "__main__":
    main()
