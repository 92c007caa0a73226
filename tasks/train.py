"""Training: resolve the base model, then each stage of ``training.method`` (e.g. SFT, then KTO-S on the same LoRA
adapter)."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from alignment.config import SingAlignConfig
from alignment.data.dataset import DatasetRef
from alignment.models import ResolvedModel
from alignment import pipeline
from alignment.training.common import StageResult


@task(name="prepare-base-model", cache_policy=NO_CACHE, retries=1)
def prepare_base_model(cfg: SingAlignConfig) -> ResolvedModel:
    base = pipeline.prepare_base_model(cfg)
    get_run_logger().info("base model %s at %s (%s)", base.id, base.path, base.revision)
    return base


@task(name="train", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=10)
def train_stage(cfg: SingAlignConfig, dataset: DatasetRef, base: ResolvedModel, stage: str,
                previous: StageResult | None = None) -> StageResult:
    """A retry reruns the same content-addressed stage folder, so it resumes from the last checkpoint."""
    result = pipeline.train_stage(cfg, dataset, base, stage, previous)
    get_run_logger().info("%s adapter at %s (%d steps%s, losses %s)", result.stage, result.adapter_dir, result.steps,
                          f", resumed from step {result.resumed_from_step}" if result.resumed_from_step else "",
                          _ends(result))
    return result


def _ends(result: StageResult) -> str:
    return f"{result.losses[0]:.3f} → {result.losses[-1]:.3f}" if result.losses else "n/a"
