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
from alignment.metrics import metric_rows

GATE_PASSED, GATE_FAILED = "singalign.gate.passed", "singalign.gate.failed"


@task(name="gate", result_storage_key=RESULT_KEY)
def gate(cfg: SingAlignConfig, base: pipeline.Evaluation, candidate: pipeline.Evaluation, quality: pipeline.Instruments,
         run_dir: Path, production: pipeline.Evaluation | None = None) -> pipeline.GateOutcome:
    outcome = pipeline.gate_candidate(cfg, base, candidate, quality, run_dir, production)
    d = outcome.decision
    models = [e.metrics for e in (base, candidate, production) if e is not None]
    create_markdown_artifact(
        key="gate-decision",
        markdown=d.markdown(models) + f"\n\n{quality.judge.text()}.\n\nToxicity classifier ({cfg.scorer.kind}) "
        f"held-out F1 {quality.scorer.f1:.3f} (P {quality.scorer.precision:.3f}, R {quality.scorer.recall:.3f}, "
        f"n={quality.scorer.heldout_size}).\n\n" + "\n".join(outcome.hand_check)
        + f"\n\nReport: `{outcome.report_path}`",
        description="Promotion gate decision",
    )
    create_table_artifact(key="evaluation", table=_metric_rows(models),
                          description="Base vs candidate (vs production): rates with 95% Wilson intervals, benchmarks in "
                          "accuracy points")
    emit_event(
        event=GATE_PASSED if d.passed else GATE_FAILED,
        resource={"prefect.resource.id": f"singalign.model.{cfg.model_name}", "prefect.resource.name": cfg.model_name},
        payload={"verdict": d.verdict, "failed": [c.name for c in d.failed],
                 "metrics": {e.metrics.label: {k: r.to_dict() for k, r in e.metrics.rates.items()}
                             for e in (base, candidate, production) if e}},
    )
    get_run_logger().info(d.verdict)
    return outcome


def _metric_rows(models) -> list[dict]:
    return [{"metric": label, **{m.label: cell for m, cell in zip(models, cells)}} for label, cells in metric_rows(models)]
