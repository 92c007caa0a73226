"""The promotion gate, shown to operators as a markdown artifact."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from alignment import pipeline
from alignment.config import SingAlignConfig
from alignment.evaluation.evaluate import ToxicityResult
from alignment.evaluation.toxicity import ScorerQuality


@task(name="gate", cache_policy=NO_CACHE)
def gate(
    cfg: SingAlignConfig, base: ToxicityResult, candidate: ToxicityResult, quality: ScorerQuality, run_dir: Path
) -> pipeline.GateOutcome:
    outcome = pipeline.gate_candidate(cfg, base, candidate, quality, run_dir)
    create_markdown_artifact(
        key="gate-decision",
        markdown=outcome.decision.markdown(base.toxicity_rate, candidate.toxicity_rate)
        + f"\n\nToxicity scorer held-out F1 {quality.f1:.3f} (P {quality.precision:.3f}, R {quality.recall:.3f}).",
        description="Promotion gate decision",
    )
    get_run_logger().info(outcome.decision.verdict)
    return outcome
