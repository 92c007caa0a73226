"""The paper's comparison as a flow: each method × each data fraction (sample efficiency), and KTO vs KTO-S over
several seeds (stability). Writes a markdown table, a PNG plot and the raw JSON, and publishes them as artifacts.

    python -m flows.compare_methods --help
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any

from prefect import flow

from alignment.config import default_cache_dir, load_config
from alignment.training.methods import METHODS
from flows.retrain import DEFAULT_CONFIG, resolve_config_path
from tasks.compare import evaluate_base, train_and_evaluate, write_comparison
from tasks.train import prepare_base_model
from tasks.validate import validate_batch

# The grid: every registered method at each data fraction; and the stability study, KTO against KTO-S over seeds.
ALL_METHODS = list(METHODS)
FRACTIONS = [0.1, 0.25, 0.5, 1.0]
STABILITY_METHODS = ["sft+kto", "sft+kto_s"]
STABILITY_SEEDS = [42, 43, 44]
STABILITY_FRACTION = 0.5


@flow(name="compare-methods")
def compare_methods(
    methods: list[str] = ALL_METHODS,
    fractions: list[float] = FRACTIONS,
    stability_methods: list[str] = STABILITY_METHODS,
    stability_seeds: list[int] = STABILITY_SEEDS,
    stability_fraction: float = STABILITY_FRACTION,
    config_path: str = DEFAULT_CONFIG,
    overrides: dict[str, Any] | None = None,
    out_dir: str = "docs/results",
    report: str | None = None,
    command: str = "",
) -> dict[str, str]:
    cfg = load_config(resolve_config_path(config_path), overrides or {})
    work = default_cache_dir() / "compare"
    dataset = validate_batch(cfg).dataset
    base = prepare_base_model(cfg)
    base_scores = evaluate_base(cfg, base, work)
    runs = [train_and_evaluate(cfg, dataset, base, m, f, cfg.training.seed, work) for f in fractions for m in methods]
    stability_runs = [train_and_evaluate(cfg, dataset, base, m, stability_fraction, s, work)
                      for s in stability_seeds for m in stability_methods]
    grid = {"fractions": fractions, "seeds": stability_seeds, "stability_fraction": stability_fraction}
    return write_comparison(cfg, runs, stability_runs, base_scores, Path(out_dir),
                            command or "python -m flows.compare_methods", Path(report) if report else None, grid)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description="Compare alignment methods (sample efficiency and stability).")
    p.add_argument("--config", default=DEFAULT_CONFIG)
    p.add_argument("--methods", default=",".join(ALL_METHODS))
    p.add_argument("--fractions", default=",".join(map(str, FRACTIONS)))
    p.add_argument("--stability-methods", default=",".join(STABILITY_METHODS))
    p.add_argument("--seeds", default=",".join(map(str, STABILITY_SEEDS)))
    p.add_argument("--stability-fraction", type=float, default=STABILITY_FRACTION)
    p.add_argument("--set", action="append", default=[], help="config override key=value")
    p.add_argument("--out", default="docs/results", help="folder for the table, plot and raw JSON")
    p.add_argument("--report", default=None,
                   help="also write the whole findings page here (docs/method_comparison.md for the published run)")
    args = p.parse_args(argv)
    from alignment.config import parse_override

    command = "python -m flows.compare_methods " + shlex.join(sys.argv[1:] if argv is None else argv)
    result = compare_methods(
        methods=args.methods.split(","), fractions=[float(x) for x in args.fractions.split(",")],
        stability_methods=[m for m in args.stability_methods.split(",") if m],
        stability_seeds=[int(x) for x in args.seeds.split(",")], stability_fraction=args.stability_fraction,
        config_path=args.config, overrides=dict(parse_override(o) for o in args.set), out_dir=args.out,
        report=args.report, command=command)
    print(result)


if __name__ == "__main__":
    main()
