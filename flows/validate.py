"""Validate an incoming batch and store it as a content-addressed dataset version.

Emits ``singalign.dataset.accepted`` when a batch is accepted; the ``retrain-on-new-data`` deployment listens for it.
`singalign validate --accept` runs this flow too, so a batch accepted from the command line announces itself the same
way.
"""

from __future__ import annotations

from typing import Any

from prefect import flow
from prefect.events import emit_event

from alignment.config import default_cache_dir, load_config
from alignment.data.sources import materialise
from alignment.paths import DEFAULT_CONFIG, project_path
from tasks.validate import validate_batch

ACCEPTED_EVENT = "singalign.dataset.accepted"


@flow(name="validate-batch")
def validate(
    source: list[str],
    quarantine: bool = False,
    config_path: str = DEFAULT_CONFIG,
    overrides: dict[str, Any] | None = None,
    refuse_quarantine_rows: bool = False,
) -> dict[str, Any]:
    """source: local files or folders of JSONL, or s3://bucket/prefix; quarantine: accept the good rows of a batch
    with bad rows and set the bad ones aside in quarantine/<batch>/ (default: reject the whole batch);
    refuse_quarantine_rows: without quarantine, reject a batch whose rows hold personal data instead of setting
    those rows aside (what `singalign validate --accept` asks for).

    Returns the intake summary and the validation report (``report``, as ``ValidationReport.to_dict``)."""
    cfg = load_config(project_path(config_path), overrides or {})
    intake = validate_batch(cfg, materialise(source, cfg.store, default_cache_dir()), quarantine,
                            refuse_quarantine_rows)
    summary = intake.summary()
    emit_event(
        event=ACCEPTED_EVENT,
        resource={"prefect.resource.id": f"singalign.dataset.{intake.dataset.sha256}",
                  "prefect.resource.name": intake.dataset.version},
        payload={"dataset_version": intake.dataset.version, "dataset_sha256": intake.dataset.sha256,
                 "dataset_uri": intake.dataset.uri, "rows": intake.dataset.rows, "config_path": config_path},
    )
    return {**summary, "report": intake.report.to_dict()}
