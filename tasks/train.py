"""Training stages: resolve the base model, SFT, then KTO-S (or KTO) on the same LoRA adapter."""

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


@task(name="train-sft", cache_policy=NO_CACHE)
def train_sft(cfg: SingAlignConfig, dataset: DatasetRef, base: ResolvedModel) -> StageResult:
    result = pipeline.train_sft_stage(cfg, dataset, base)
    get_run_logger().info("SFT adapter at %s (%d steps, losses %s)", result.adapter_dir, result.steps, _ends(result))
    return result


@task(name="train-kto-s", cache_policy=NO_CACHE)
def train_kto(cfg: SingAlignConfig, dataset: DatasetRef, base: ResolvedModel, sft: StageResult) -> StageResult:
    result = pipeline.train_kto_stage(cfg, dataset, base, sft)
    get_run_logger().info("%s adapter at %s (%d steps, losses %s)", result.stage, result.adapter_dir, result.steps, _ends(result))
    return result


def _ends(result: StageResult) -> str:
    return f"{result.losses[0]:.3f} → {result.losses[-1]:.3f}" if result.losses else "n/a"
