"""Training: resolve the base model, then each stage of ``training.method`` (e.g. SFT, then KTO-S on the same LoRA
adapter)."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from tasks import RESULT_KEY
from prefect.artifacts import create_markdown_artifact, create_progress_artifact, update_progress_artifact
from prefect.logging import get_run_logger

from alignment.config import SingAlignConfig
from alignment.data.dataset import DatasetRef
from alignment.models import ResolvedModel
from alignment import pipeline
from alignment.training.plots import plot_curves
from alignment.training.progress import PROGRESS_HOOKS
from alignment.training.results import StageResult


@task(name="prepare-base-model", result_storage_key=RESULT_KEY, retries=1)
def prepare_base_model(cfg: SingAlignConfig) -> ResolvedModel:
    base = pipeline.prepare_base_model(cfg)
    get_run_logger().info("base model %s at %s (%s)", base.id, base.path, base.revision)
    return base


@task(name="train", result_storage_key=RESULT_KEY, retries=1, retry_delay_seconds=10)
def train_stage(cfg: SingAlignConfig, dataset: DatasetRef, base: ResolvedModel, stage: str,
                previous: StageResult | None = None) -> StageResult:
    """A retry reruns the same content-addressed stage folder, so it resumes from the last checkpoint."""
    artifact_id = create_progress_artifact(0.0, key=f"training-{stage.replace('_', '-')}",
                                           description=f"{stage}: share of training steps done")

    def show(_stage, step, max_steps, loss):
        update_progress_artifact(artifact_id, 100.0 * step / max(max_steps, 1),
                                 description=f"{stage}: step {step}/{max_steps}, loss {loss:.4f}")

    PROGRESS_HOOKS.append(show)
    try:
        result = pipeline.train_stage(cfg, dataset, base, stage, previous)
    finally:
        PROGRESS_HOOKS.remove(show)
    update_progress_artifact(artifact_id, 100.0, description=f"{stage}: done, {result.steps} steps")
    get_run_logger().info("%s adapter at %s (%d steps%s, losses %s)", result.stage, result.adapter_dir, result.steps,
                          f", resumed from step {result.resumed_from_step}" if result.resumed_from_step else "",
                          _ends(result))
    return result


@task(name="training-curves", result_storage_key=RESULT_KEY)
def training_curves(results: list[StageResult], run_dir: Path) -> str:
    png = plot_curves(results, run_dir / "training_curves.png")
    rows = [f"| {r.stage} | {r.steps} | {_ends(r)} | {r.margins[-1]:.3f} |" if r.margins else
            f"| {r.stage} | {r.steps} | {_ends(r)} | - |" for r in results]
    create_markdown_artifact(key="training-curves", markdown="\n".join(
        ["## Training", "", "| stage | steps | loss first → last | final reward margin |", "|---|---|---|---|", *rows,
         "", f"Curves: `{png}` (published with the version as `training_curves.png`)"]),
        description="Loss (and reward margins) per stage")
    return str(png)


def _ends(result: StageResult) -> str:
    return f"{result.losses[0]:.3f} → {result.losses[-1]:.3f}" if result.losses else "n/a"
