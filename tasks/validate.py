"""Validate an incoming batch and store it as a dataset version, with what an operator needs to see."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from tasks import RESULT_KEY
from prefect.logging import get_run_logger

from alignment.config import SingAlignConfig
from alignment.data.intake import IntakeResult
from alignment.data.validate import ValidationReport
from alignment import pipeline
from alignment.pipeline import InvalidBatch, validate_data


@task(name="validate-batch", result_storage_key=RESULT_KEY)
def validate_batch(cfg: SingAlignConfig, paths: list[Path] | None = None, quarantine: bool | None = None,
                   refuse_quarantine_rows: bool = False) -> IntakeResult:
    logger = get_run_logger()
    try:
        intake = validate_data(cfg, paths, quarantine, refuse_quarantine_rows)
    except InvalidBatch as exc:
        _publish_checks(exc.report)
        create_markdown_artifact(key="validation-summary", markdown=f"## Batch rejected\n\n{exc.reason}\n\n"
                                 f"```\n{exc.report.render(limit=30)}\n```\n",
                                 description="Why the batch was rejected")
        logger.error("%s\n%s", exc.reason, exc.report.render())
        raise
    _publish_checks(intake.report)
    create_markdown_artifact(key="validation-summary", markdown=_summary_markdown(intake),
                             description=f"Dataset {intake.dataset.version} accepted")
    if intake.drift_uri:
        link = intake.drift_uri if "://" in intake.drift_uri else Path(intake.drift_uri).resolve().as_uri()
        create_link_artifact(key="drift-report", link=link, link_text="Evidently drift report",
                             description=intake.drift.summary() if intake.drift else None)
    logger.info(intake.report.render())
    logger.info("accepted dataset %s: %d of %d record(s), %d quarantined (%s)", intake.dataset.version,
                intake.accepted_records, intake.input_records, intake.quarantined_records, intake.dataset.uri)
    return intake


@task(name="load-dataset-version", result_storage_key=RESULT_KEY, retries=3, retry_delay_seconds=[5, 20, 60])
def load_dataset_version(cfg: SingAlignConfig, sha256: str):
    """An accepted dataset version from the store (the retrain-on-new-data trigger passes its sha256)."""
    ref = pipeline.load_dataset_version(cfg, sha256)
    get_run_logger().info("dataset %s (%d rows) from %s", ref.version, ref.rows, ref.uri)
    return ref


def _summary_markdown(intake: IntakeResult) -> str:
    s = intake.summary()
    lines = [f"## Dataset {s['dataset_version']} accepted", "",
             "| | |", "|---|---|",
             f"| input records | {s['input_records']} |",
             f"| accepted records (rows) | {s['accepted_records']} ({s['accepted_rows']}) |",
             f"| quarantined records | {s['quarantined_records']} |",
             f"| dataset | `{s['dataset_uri']}` |",
             f"| quarantine | {('`' + s['quarantine_uri'] + '`') if s['quarantine_uri'] else '-'} |",
             f"| drift | {s['drift']} |", ""]
    if s["warnings"]:
        lines += ["### Warnings", "", *(f"- {w}" for w in s["warnings"]), ""]
    return "\n".join(lines)


def _publish_checks(report: ValidationReport) -> None:
    create_table_artifact(
        key="validation-checks",
        table=[
            {"check": c["rule"], "field": c["field"], "severity": c["severity"],
             "result": "pass" if c["passed"] else "FAIL", "failures": c["failures"]}
            for c in report.checks
        ]
        + [{"check": f.rule, "field": f.field or "", "severity": f.severity, "result": "FAIL", "failures": 1}
           for f in report.findings if f.line is None or f.field is None],
        description=f"Validation of {report.records} records ({report.rows} rows) from {len(report.files)} file(s): "
        f"{len(report.errors)} error(s), {len(report.quarantined)} set aside, {len(report.warnings)} warning(s)",
    )
