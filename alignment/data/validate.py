"""Validating an incoming batch: structural parsing plus the Great Expectations suite in ``expectations/``.

Severity lives in the suite (each expectation's ``meta.severity``), not in code. Every failing value is mapped
back to the file and line it came from, so the report reads "data/x.jsonl:12 field 'label': must be a JSON boolean".
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from .incoming import FILE_COL, LINE_COL, Finding, ReadResult, SourceFile, read_incoming

log = logging.getLogger(__name__)

DEFAULT_SUITE = "incoming_rows"


def load_suite_json(name: str = DEFAULT_SUITE) -> dict[str, Any]:
    """A suite from the ``expectations`` package (JSON, versioned in ``meta.version``)."""
    return json.loads(resources.files("expectations").joinpath(f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class ValidationReport:
    suite: str
    suite_version: str
    files: list[SourceFile]
    rows: int
    findings: list[Finding] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)  # one entry per expectation: rule, passed, failures

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def render(self, limit: int = 50) -> str:
        head = (
            f"{'VALID' if self.ok else 'INVALID'}: {self.rows} row(s) from {len(self.files)} file(s), "
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s) [suite {self.suite} v{self.suite_version}]"
        )
        lines = [head]
        ordered = sorted(self.findings, key=lambda f: (f.severity != "error", f.file, f.line or 0))
        lines += [f"  {f}" for f in ordered[:limit]]
        if len(ordered) > limit:
            lines.append(f"  … and {len(ordered) - limit} more")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "suite": self.suite,
            "suite_version": self.suite_version,
            "rows": self.rows,
            "files": [vars(f) for f in self.files],
            "findings": [f.to_dict() for f in self.findings],
            "checks": self.checks,
        }


def _gx_context():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    # GX pins this module's logger at INFO and announces a temporary docs folder on every context.
    logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    return context


def run_suite(rows: pd.DataFrame, suite_json: dict[str, Any], parameters: dict[str, Any]) -> tuple[list[Finding], list[dict[str, Any]]]:
    """Validate ``rows`` with a GX suite; return located findings and a per-check summary."""
    from great_expectations.core.expectation_suite import ExpectationSuite
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    context = _gx_context()
    suite = context.suites.add(
        ExpectationSuite(
            name=suite_json["name"],
            expectations=[ExpectationConfiguration(**e) for e in suite_json["expectations"]],
            meta=suite_json.get("meta", {}),
        )
    )
    batch_def = (
        context.data_sources.add_pandas("incoming").add_dataframe_asset("rows").add_batch_definition_whole_dataframe("all")
    )
    contract = rows.drop(columns=[FILE_COL, LINE_COL]).reset_index(drop=True)
    batch = batch_def.get_batch(batch_parameters={"dataframe": contract})
    result = batch.validate(suite, expectation_parameters=parameters, result_format={"result_format": "COMPLETE"})

    findings: list[Finding] = []
    checks: list[dict[str, Any]] = []
    for r in result.results:
        cfg = r.expectation_config
        meta = cfg.meta or {}
        column = cfg.kwargs.get("column") or ",".join(cfg.kwargs.get("column_list", []))
        severity = meta.get("severity", "error")
        rule = meta.get("rule", cfg.type)
        raised = bool(r.exception_info and r.exception_info.get("raised_exception"))
        if raised:
            # A check that could not run (e.g. uniqueness over a nested object): the type checks report those rows.
            log.debug("expectation %s on %s raised: %s", cfg.type, column, r.exception_info.get("exception_message"))
        indices = list(r.result.get("unexpected_index_list") or []) if not r.success else []
        values = list(r.result.get("unexpected_list") or [])
        checks.append(
            {
                "expectation": cfg.type,
                "field": column,
                "rule": rule,
                "severity": severity,
                "passed": bool(r.success),
                "failures": len(indices),
                "could_not_run": raised,
            }
        )
        for i, idx in enumerate(indices):
            idx = idx if isinstance(idx, int) else idx.get("index", 0) if isinstance(idx, dict) else int(idx)
            value = values[i] if i < len(values) else None
            findings.append(
                Finding(
                    file=str(rows.iloc[idx][FILE_COL]),
                    line=int(rows.iloc[idx][LINE_COL]),
                    field=column,
                    rule=rule,
                    severity=severity,
                    detail=f"got {_short(value)}",
                )
            )
    return findings, checks


def _short(value: Any, n: int = 50) -> str:
    text = repr(value)
    return text if len(text) <= n else text[: n - 1] + "…"


def validate_batch(
    paths: list[Path],
    max_prompt_chars: int = 4000,
    max_completion_chars: int = 8000,
    max_line_bytes: int = 1_000_000,
    suite_name: str = DEFAULT_SUITE,
) -> tuple[ValidationReport, ReadResult]:
    """Read and validate a batch. The report lists every problem; nothing is written anywhere."""
    read = read_incoming(paths, max_line_bytes=max_line_bytes)
    suite_json = load_suite_json(suite_name)
    report = ValidationReport(
        suite=suite_json["name"],
        suite_version=str(suite_json.get("meta", {}).get("version", "0")),
        files=read.files,
        rows=len(read.rows),
        findings=list(read.findings),
    )
    if len(read.rows):
        findings, checks = run_suite(
            read.rows,
            suite_json,
            {"max_prompt_chars": max_prompt_chars, "max_completion_chars": max_completion_chars},
        )
        report.findings += findings
        report.checks = checks
    elif not read.findings:
        report.findings.append(Finding(", ".join(map(str, paths)), None, None, "no rows found"))
    return report, read
