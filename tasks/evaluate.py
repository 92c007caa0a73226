"""Evaluation: the scorer's quality, then red-team toxicity of a model."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from alignment import pipeline
from alignment.config import SingAlignConfig
from alignment.evaluation.evaluate import ToxicityResult
from alignment.evaluation.toxicity import ScorerQuality
from alignment.models import ResolvedModel


@task(name="prepare-toxicity-scorer", cache_policy=NO_CACHE)
def prepare_scorer(cfg: SingAlignConfig) -> ScorerQuality:
    q = pipeline.scorer_quality(cfg)
    get_run_logger().info("toxicity scorer held-out P=%.3f R=%.3f F1=%.3f (n=%d)", q.precision, q.recall, q.f1, q.heldout_size)
    return q


@task(name="evaluate-toxicity", task_run_name="evaluate-{label}", cache_policy=NO_CACHE)
def evaluate(cfg: SingAlignConfig, base: ResolvedModel, adapter: str | None, label: str, run_dir: Path) -> ToxicityResult:
    return pipeline.evaluate_model(cfg, base, adapter, label, run_dir)
