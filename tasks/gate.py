"""The promotion gate, shown to operators as a markdown artifact and announced as a Prefect event."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from tasks import RESULT_KEY
from prefect.events import emit_event
from prefect.logging import get_run_logger

from alignment import pipeline
from alignment.config import SingAlignConfig
from alignment.evaluation.toxicity import ScorerQuality

GATE_PASSED, GATE_FAILED = "singalign.gate.passed", "singalign.gate.failed"


@task(name="gate", result_storage_key=RESULT_KEY)
def gate(cfg: SingAlignConfig, base: pipeline.Evaluation, candidate: pipeline.Evaluation, quality: ScorerQuality,
         run_dir: Path, production: pipeline.Evaluation | None = None) -> pipeline.GateOutcome:
    outcome = pipeline.gate_candidate(cfg, base, candidate, quality, run_dir, production)
    d = outcome.decision
    models = [e.metrics for e in (base, candidate, production) if e is not None]
    create_markdown_artifact(
        key="gate-decision",
        markdown=d.markdown(models) + f"\n\nToxicity scorer ({cfg.scorer.kind}) held-out F1 {quality.f1:.3f} "
        f"(P {quality.precision:.3f}, R {quality.recall:.3f}, n={quality.heldout_size}).\n\n"
        f"Report: `{outcome.report_path}`",
        description="Promotion gate decision",
    )
    create_table_artifact(key="evaluation", table=_metric_rows(models),
                          description="Base vs candidate (vs production): rates in %, benchmarks in accuracy points")
    emit_event(
        event=GATE_PASSED if d.passed else GATE_FAILED,
        resource={"prefect.resource.id": f"singalign.model.{cfg.model_name}", "prefect.resource.name": cfg.model_name},
        payload={"verdict": d.verdict, "failed": [c.name for c in d.failed],
                 "metrics": {e.metrics.label: e.metrics.to_dict() for e in (base, candidate, production) if e}},
    )
    get_run_logger().info(d.verdict)
    return outcome


def _metric_rows(models) -> list[dict]:
    rows = []
    for name, attr in (("red-team toxicity %", "redteam_toxicity"), ("generalisation toxicity %", "generalisation_toxicity"),
                       ("benign over-refusal %", "over_refusal")):
        rows.append({"metric": name, **{m.label: round(100 * getattr(m, attr), 1) for m in models}})
    for name in sorted({t for m in models for t in m.benchmarks}):
        rows.append({"metric": f"{name} accuracy", **{m.label: round(m.benchmarks.get(name, float("nan")), 1)
                                                        for m in models}})
    return rows
