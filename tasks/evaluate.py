"""Evaluation: the instruments' held-out quality (judge and toxicity classifier), then each model's attack
success, over-refusal, toxicity and benchmark scores."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from tasks import RESULT_KEY
from prefect.logging import get_run_logger

from alignment import pipeline
from alignment.config import SingAlignConfig
from alignment.metrics import METRICS
from alignment.models import ResolvedModel


@task(name="prepare-judge-and-scorer", result_storage_key=RESULT_KEY)
def prepare_instruments(cfg: SingAlignConfig) -> pipeline.Instruments:
    q = pipeline.instruments(cfg)
    log = get_run_logger()
    log.info("%s", q.judge.text())
    log.info("toxicity classifier (%s) held-out P=%.3f R=%.3f F1=%.3f (n=%d)", cfg.scorer.kind, q.scorer.precision,
             q.scorer.recall, q.scorer.f1, q.scorer.heldout_size)
    return q


@task(name="evaluate", task_run_name="evaluate-{label}", result_storage_key=RESULT_KEY)
def evaluate(cfg: SingAlignConfig, base: ResolvedModel, adapter: str | None, label: str, run_dir: Path,
             version: str | None = None) -> pipeline.Evaluation:
    result = pipeline.evaluate_model(cfg, base, adapter, label, run_dir, version)
    m = result.metrics
    get_run_logger().info("%s: %s; benchmarks %s", label,
                          ", ".join(f"{s.label} {m.rates[s.key].text()}" for s in METRICS),
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
