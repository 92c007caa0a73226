"""Validate an incoming batch and store it as a dataset version."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from alignment.config import SingAlignConfig
from alignment.data.dataset import DatasetRef
from alignment.pipeline import InvalidBatch, validate_data


@task(name="validate-batch", cache_policy=NO_CACHE)
def validate_batch(cfg: SingAlignConfig, paths: list[Path] | None = None) -> DatasetRef:
    logger = get_run_logger()
    try:
        report, ref = validate_data(cfg, paths)
    except InvalidBatch as exc:
        _publish_checks(exc.report)
        logger.error(exc.report.render())
        raise
    _publish_checks(report)
    logger.info(report.render())
    logger.info("accepted dataset %s (%d rows) at %s", ref.version, ref.rows, ref.uri)
    return ref


def _publish_checks(report) -> None:
    create_table_artifact(
        key="validation-checks",
        table=[
            {"check": c["rule"], "field": c["field"], "severity": c["severity"],
             "result": "pass" if c["passed"] else "FAIL", "failures": c["failures"]}
            for c in report.checks
        ]
        + [{"check": f.rule, "field": f.field or "", "severity": f.severity, "result": "FAIL", "failures": 1}
           for f in report.findings if f.line is None or f.field is None],
        description=f"Validation of {report.rows} rows from {len(report.files)} file(s): "
        f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)",
    )
