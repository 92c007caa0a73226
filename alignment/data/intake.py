"""Taking a batch in: validate, set bad rows aside, store the rest as a dataset version, report drift.

Nothing is lost: every input record (a non-blank line) is either in the accepted dataset or in
``quarantine/<batch>/rows.jsonl`` with its reasons and its original text, and the counts are checked to add up.
Input files are only ever read.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from ..config import SingAlignConfig
from ..storage import Store
from .dataset import DatasetRef, canonical_rows, dataset_sha256, fetch_rows, save_dataset
from .drift import DriftResult, drift_report
from .incoming import FILE_COL, LINE_COL, Finding, ReadResult, raw_lines
from .validate import ValidationReport, rules_from_config, validate_batch

log = logging.getLogger(__name__)

LATEST_KEY = "datasets/LATEST.json"


class InvalidBatch(ValueError):
    """The incoming batch failed a hard validation rule; ``report`` says where and why. Nothing was written."""

    def __init__(self, report: ValidationReport, reason: str = ""):
        self.report = report
        self.reason = reason or "the batch has hard failures"
        super().__init__(f"{self.reason}\n{report.render()}")


@dataclass
class IntakeResult:
    report: ValidationReport
    dataset: DatasetRef
    batch_id: str
    input_records: int
    accepted_records: int
    quarantined_records: int
    quarantine_uri: str | None = None
    drift: DriftResult | None = None
    drift_uri: str | None = None
    warnings: list[Finding] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "batch": self.batch_id,
            "dataset_version": self.dataset.version,
            "dataset_sha256": self.dataset.sha256,
            "dataset_uri": self.dataset.uri,
            "input_records": self.input_records,
            "accepted_records": self.accepted_records,
            "accepted_rows": self.dataset.rows,
            "quarantined_records": self.quarantined_records,
            "quarantine_uri": self.quarantine_uri,
            "warnings": [str(w) for w in self.warnings],
            "drift": self.drift.summary() if self.drift else "no reference dataset yet",
            "drift_report": self.drift_uri,
        }


def quarantine_hint(report: ValidationReport) -> str:
    n = len({(f.file, f.line) for f in report.quarantined})
    return (f"the batch is rejected: {n} record(s) must be quarantined (personal data such as an NRIC, a phone "
            "number or an e-mail address); rerun with --quarantine to set them aside and accept the rest")


def batch_id(read: ReadResult) -> str:
    """The same input files (by content) always give the same batch id."""
    digest = hashlib.sha256("\n".join(sorted(f.sha256 for f in read.files)).encode()).hexdigest()
    return f"batch-{digest[:16]}"


def _set_aside(report: ValidationReport, quarantine: bool) -> dict[tuple[str, int], list[Finding]]:
    """Which records leave the batch, with every reason for each."""
    out: dict[tuple[str, int], list[Finding]] = defaultdict(list)
    for f in report.findings:
        if f.line is not None and (f.severity == "quarantine" or (quarantine and f.severity == "error")):
            out[(f.file, f.line)].append(f)
    return out


def _write_quarantine(store: Store, bid: str, bad: dict[tuple[str, int], list[Finding]], max_line_bytes: int,
                      counts: dict[str, int]) -> str:
    by_file: dict[str, set[int]] = defaultdict(set)
    for file, line in bad:
        by_file[file].add(line)
    lines = []
    for file in sorted(by_file):
        raw = raw_lines(file, by_file[file], max_line_bytes)
        for line in sorted(by_file[file]):
            reasons = [{"field": f.field, "rule": f.rule, "detail": f.detail, "severity": f.severity}
                       for f in bad[(file, line)]]
            lines.append(json.dumps({"file": file, "line": line, "reasons": reasons, "raw": raw.get(line)},
                                    ensure_ascii=False))
    prefix = f"quarantine/{bid}"
    store.put_bytes(f"{prefix}/rows.jsonl", ("\n".join(lines) + "\n").encode("utf-8"))
    store.put_bytes(f"{prefix}/manifest.json", json.dumps(
        {"batch": bid, "created_at": datetime.now(timezone.utc).isoformat(), **counts}, indent=2).encode())
    return store.url(prefix)


def latest_dataset(store: Store) -> str | None:
    """The sha256 of the most recently accepted dataset (the drift reference), if any."""
    if not store.exists(LATEST_KEY):
        return None
    return json.loads(store.get_bytes(LATEST_KEY))["sha256"]


def accept_batch(cfg: SingAlignConfig, paths: list[Path], store: Store, cache_dir: Path,
                 quarantine: bool | None = None, refuse_quarantine_rows: bool = False) -> IntakeResult:
    """Validate ``paths``; store the accepted rows as a dataset version or raise ``InvalidBatch``.

    quarantine: accept good rows and set bad ones aside (default: ``cfg.data.quarantine``). Rows with personal data
    are always set aside, unless ``refuse_quarantine_rows`` (what `singalign validate --accept` without
    ``--quarantine`` asks for): then they reject the batch, so a pipeline that checks the exit code sees them. A
    batch-level failure (an empty file, a missing path) always rejects the batch.
    """
    quarantine = cfg.data.quarantine if quarantine is None else quarantine
    report, read = validate_batch(paths, rules_from_config(cfg))
    batch_errors = [f for f in report.errors if f.line is None]
    if batch_errors:
        raise InvalidBatch(report, "the batch is rejected: " + "; ".join(f"{f.where()}: {f.rule}" for f in batch_errors))
    if report.errors and not quarantine:
        n = len({(f.file, f.line) for f in report.errors})
        raise InvalidBatch(report, f"the batch is rejected: {n} record(s) with hard failures "
                                   "(fix them, or rerun with quarantine (--quarantine / quarantine=true) to accept the good rows "
                                   "and set the bad ones aside)")

    if report.quarantined and refuse_quarantine_rows and not quarantine:
        raise InvalidBatch(report, quarantine_hint(report))

    bad = _set_aside(report, quarantine)
    rows = read.rows
    if bad:
        bad_keys = pd.MultiIndex.from_tuples(list(bad))
        keys = pd.MultiIndex.from_arrays([rows[FILE_COL].astype(str), rows[LINE_COL]])
        rows = rows[~keys.isin(bad_keys)]
    accepted_records = int(rows[[FILE_COL, LINE_COL]].drop_duplicates().shape[0])
    if accepted_records + len(bad) != read.records:  # every record is accounted for, or nothing is written
        raise RuntimeError(f"accounting error: {accepted_records} accepted + {len(bad)} quarantined "
                           f"!= {read.records} input records")
    if not accepted_records:
        raise InvalidBatch(report, "the batch is rejected: no row passed validation")

    bid = batch_id(read)
    counts = {"input_records": read.records, "accepted_records": accepted_records, "quarantined_records": len(bad)}
    quarantine_uri = _write_quarantine(store, bid, bad, cfg.data.max_line_bytes, counts) if bad else None

    canonical = canonical_rows(rows)
    sha = dataset_sha256(canonical)
    reference = latest_dataset(store)
    drift, attachments = None, {}
    if cfg.data.drift.enabled and reference and reference != sha:
        drift = drift_report(canonical, fetch_rows(store, reference, cache_dir), reference, cfg.data.drift,
                             cache_dir / "datasets" / sha, seed=cfg.training.seed)
        attachments = {"drift.html": Path(drift.html_path), "drift.json": Path(drift.json_path)}
        if drift.warning:
            report.findings.append(Finding(f"datasets/{sha[:16]}", None, "(drift)", "drift against the last accepted "
                                           "dataset beyond data.drift.max_drifted_share", drift.summary(), "warning"))
    extra = {"batch": bid, **counts, "quarantine": quarantine_uri, "reference_sha256": reference if drift else None,
             "drift": drift.to_dict() if drift else None}
    ref = save_dataset(store, canonical, sha, report, cache_dir, extra, attachments)
    store.put_bytes(LATEST_KEY, json.dumps({"sha256": sha, "at": datetime.now(timezone.utc).isoformat()}).encode())
    log.info("dataset %s accepted: %d of %d record(s), %d quarantined (%s)", ref.version, accepted_records,
             read.records, len(bad), ref.uri)
    return IntakeResult(
        report=report, dataset=ref, batch_id=bid, input_records=read.records, accepted_records=accepted_records,
        quarantined_records=len(bad), quarantine_uri=quarantine_uri, drift=drift,
        drift_uri=store.url(f"datasets/{sha}/drift.html") if drift else None, warnings=report.warnings,
    )
