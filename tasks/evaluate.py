"""Evaluation: the scorer's quality, then each model's toxicity, over-refusal and benchmark scores."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from tasks import RESULT_KEY
from prefect.logging import get_run_logger

from alignment import pipeline
from alignment.config import SingAlignConfig
from alignment.evaluation.toxicity import ScorerQuality
from alignment.models import ResolvedModel


@task(name="prepare-toxicity-scorer", result_storage_key=RESULT_KEY)
def prepare_scorer(cfg: SingAlignConfig) -> ScorerQuality:
    q = pipeline.scorer_quality(cfg)
    get_run_logger().info("toxicity scorer (%s) held-out P=%.3f R=%.3f F1=%.3f (n=%d)", cfg.scorer.kind, q.precision,
                          q.recall, q.f1, q.heldout_size)
    return q


@task(name="evaluate", task_run_name="evaluate-{label}", result_storage_key=RESULT_KEY)
def evaluate(cfg: SingAlignConfig, base: ResolvedModel, adapter: str | None, label: str, run_dir: Path,
             version: str | None = None) -> pipeline.Evaluation:
    result = pipeline.evaluate_model(cfg, base, adapter, label, run_dir, version)
    m = result.metrics
    get_run_logger().info("%s: red-team toxicity %.1f%%, generalisation %.1f%%, over-refusal %.1f%%, benchmarks %s",
                          label, 100 * m.redteam_toxicity, 100 * m.generalisation_toxicity, 100 * m.over_refusal,
                          ", ".join(f"{k} {v:.1f}" for k, v in m.benchmarks.items()) or "none")
    return result


@task(name="find-production-version", result_storage_key=RESULT_KEY, retries=2, retry_delay_seconds=[5, 30])
def production_adapter(cfg: SingAlignConfig) -> tuple[str, str] | None:
    found = pipeline.production_adapter(cfg)
    get_run_logger().info("production: %s", f"{cfg.model_name}:{found[0]}" if found else "no version yet")
    return found


@task(name="resolve-adapter", result_storage_key=RESULT_KEY, retries=2, retry_delay_seconds=[5, 30])
def resolve_adapter(cfg: SingAlignConfig, ref: str) -> tuple[str | None, str]:
    """(version or None, local folder) for an adapter folder or a registry reference."""
    return pipeline.resolve_adapter(cfg, ref)
