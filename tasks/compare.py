"""Tasks of the method comparison: one run (train + evaluate), the base model's scores, the results."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.artifacts import create_image_artifact, create_markdown_artifact
from tasks import RESULT_KEY
from prefect.logging import get_run_logger

from alignment import compare
from alignment.config import SingAlignConfig
from alignment.data.dataset import DatasetRef, load_rows
from alignment.metrics import SUMMARY
from alignment.models import ResolvedModel


@task(name="evaluate-base", result_storage_key=RESULT_KEY)
def evaluate_base(cfg: SingAlignConfig, base: ResolvedModel, work: Path):
    return compare.evaluate_pair(cfg, base, None, "base", work)


@task(name="train-and-evaluate", result_storage_key=RESULT_KEY, retries=1)
def train_and_evaluate(cfg: SingAlignConfig, dataset: DatasetRef, base: ResolvedModel, method: str, fraction: float,
                       seed: int, work: Path) -> compare.ComparisonRun:
    run = compare.run_one(cfg, load_rows(dataset), base, method, fraction, seed, work)
    get_run_logger().info("%s on %.0f%% (%d examples, seed %d): %s", method, 100 * fraction, run.examples, seed,
                          ", ".join(f"{m.name} {100 * run.rate(m.key):.1f}%" for m in SUMMARY))
    return run


@task(name="write-comparison", result_storage_key=RESULT_KEY)
def write_comparison(cfg: SingAlignConfig, runs, stability_runs, base_scores, out_dir: Path, command: str,
                     report: Path | None, grid: dict) -> dict[str, str]:
    setup = compare.setup_lines(cfg, judge_quality=compare.judge_agreement(cfg), **grid)
    files = compare.write_results(runs, stability_runs, base_scores, out_dir, command, report, setup,
                                  cfg.gate.confidence)
    create_markdown_artifact(key="method-comparison", markdown=(files.get("report") or files["table"]).read_text(),
                             description="Attack success, over-refusal and toxicity by method and data fraction; KTO vs KTO-S")
    try:
        create_image_artifact(image_url=files["plot"].resolve().as_uri(), key="method-comparison-plot",
                              description="Sample efficiency and reward-margin stability")
    except Exception as exc:  # older Prefect servers have no image artifacts; the PNG is on disk either way
        get_run_logger().warning("image artifact not created (%s); plot at %s", exc, files["plot"])
    return {k: str(v) for k, v in files.items()}
