"""Validating an incoming batch: structural parsing plus the Great Expectations suites in ``expectations/``.

Two suites, both declared in JSON: ``incoming_rows`` (rules about one row, run chunk by chunk so a million rows fit
in memory) and ``incoming_batch`` (rules that need the whole batch: duplicates, conflicts, KTO balance, Singlish
share, run on a slim frame). Severity lives in the suites (each expectation's ``meta.severity``), not in code.
Every failing value is mapped back to the file and line it came from, so the report reads
"data/x.jsonl:12 field 'label': required field, must be a JSON boolean (got 'string')".
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..config import DataSettings, KTOSettings
from ..training.balance import KTO_BALANCE_RANGE
from .features import has_singlish, normalise_prompt, normalise_prompts, pair_hash
from .incoming import FILE_COL, LINE_COL, Finding, ReadResult, SourceFile, read_incoming

log = logging.getLogger(__name__)

ROW_SUITE, BATCH_SUITE = "incoming_rows", "incoming_batch"
SUITE_CHUNK_ROWS = 250_000


def load_suite_json(name: str) -> dict[str, Any]:
    """A suite from the ``expectations`` package (JSON, versioned in ``meta.version``)."""
    return json.loads(resources.files("expectations").joinpath(f"{name}.json").read_text(encoding="utf-8"))


def _default(settings, name: str):
    """A config field's default: the config declares each limit once, ``BatchRules`` only carries it."""
    return settings.model_fields[name].default


@dataclass(frozen=True)
class BatchRules:
    """The parameters the suites take (``$PARAMETER`` in the JSON). ``rules_from_config`` fills them from a config;
    the defaults are the config's defaults."""

    max_prompt_chars: int = _default(DataSettings, "max_prompt_chars")
    max_completion_chars: int = _default(DataSettings, "max_completion_chars")
    max_line_bytes: int = _default(DataSettings, "max_line_bytes")
    evaluation_prompts: tuple[str, ...] = ()
    desirable_weight: float = _default(KTOSettings, "desirable_weight")
    undesirable_weight: float = _default(KTOSettings, "undesirable_weight")
    min_singlish_share: float = _default(DataSettings, "min_singlish_share")
    # Cosine similarity to an evaluation prompt; 0 = off. Off without a config: it needs the config's encoder.
    near_duplicate_threshold: float = 0.0
    encoder: str = ""

    def desirable_share_bounds(self) -> tuple[float, float]:
        """The share nD/(nD+nU) for which λD·nD / λU·nU falls in KTO_BALANCE_RANGE."""
        lo, hi = (r * self.undesirable_weight / self.desirable_weight for r in KTO_BALANCE_RANGE)
        return lo / (1 + lo), hi / (1 + hi)

    def parameters(self) -> dict[str, Any]:
        lo, hi = self.desirable_share_bounds()
        return {
            "max_prompt_chars": self.max_prompt_chars,
            "max_completion_chars": self.max_completion_chars,
            "evaluation_prompt_keys": sorted(set(normalise_prompts(list(self.evaluation_prompts)))) or ["\x00"],
            "min_desirable_share": lo,
            "max_desirable_share": hi,
            "min_singlish_share": self.min_singlish_share,
        }


@dataclass
class ValidationReport:
    suites: dict[str, str]  # name → version
    files: list[SourceFile]
    rows: int
    records: int
    findings: list[Finding] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)  # one entry per expectation: rule, passed, failures

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def quarantined(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "quarantine"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def render(self, limit: int = 50) -> str:
        head = (
            f"{'VALID' if self.ok else 'INVALID'}: {self.records} record(s) ({self.rows} rows) from "
            f"{len(self.files)} file(s): {len(self.errors)} error(s), {len(self.quarantined)} row(s) to quarantine, "
            f"{len(self.warnings)} warning(s) [suites "
            + ", ".join(f"{n} v{v}" for n, v in self.suites.items()) + "]"
        )
        order = {"error": 0, "quarantine": 1, "warning": 2}
        ordered = sorted(self.findings, key=lambda f: (order.get(f.severity, 3), f.file, f.line or 0))
        lines = [head, *(f"  {f}" for f in ordered[:limit])]
        if len(ordered) > limit:
            lines.append(f"  … and {len(ordered) - limit} more (use --json for all)")
        return "\n".join(lines)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "ValidationReport":
        """The report ``to_dict`` wrote (its derived keys, ``ok`` and ``counts``, are recomputed)."""
        return cls(suites=dict(d["suites"]), files=[SourceFile(**f) for f in d["files"]], rows=d["rows"],
                   records=d["records"], findings=[Finding(**f) for f in d["findings"]], checks=list(d["checks"]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "suites": self.suites,
            "records": self.records,
            "rows": self.rows,
            "files": [vars(f) for f in self.files],
            "counts": {"errors": len(self.errors), "quarantine": len(self.quarantined), "warnings": len(self.warnings)},
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


class _SuiteRunner:
    """One GX suite over one or more frames, with results mapped to file:line findings."""

    def __init__(self, context, suite_json: dict[str, Any], parameters: dict[str, Any]):
        from great_expectations.core.expectation_suite import ExpectationSuite
        from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

        self.suite = context.suites.add(
            ExpectationSuite(
                name=suite_json["name"],
                expectations=[ExpectationConfiguration(**e) for e in suite_json["expectations"]],
                meta=suite_json.get("meta", {}),
            )
        )
        self.batch_def = (
            context.data_sources.add_pandas(f"incoming-{suite_json['name']}")
            .add_dataframe_asset("rows")
            .add_batch_definition_whole_dataframe("all")
        )
        self.parameters = parameters
        self.checks: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.findings: list[Finding] = []

    def run(self, frame: pd.DataFrame, files: np.ndarray, lines: np.ndarray, offset: int = 0) -> None:
        batch = self.batch_def.get_batch(batch_parameters={"dataframe": frame})
        # GX's pandas regex rules call ``astype(str).str.contains``; with Arrow-backed strings that runs RE2 in C++
        # (the suites' regexes are RE2 syntax) instead of Python's re over a million objects: ~20× faster.
        with pd.option_context("future.infer_string", True):
            result = batch.validate(
                self.suite, expectation_parameters=self.parameters, result_format={"result_format": "COMPLETE"}
            )
        for r in result.results:
            cfg = r.expectation_config
            meta = cfg.meta or {}
            column = meta.get("field") or cfg.kwargs.get("column") or cfg.kwargs.get("column_A")
            severity, rule = meta.get("severity", "error"), meta.get("rule", cfg.type)
            if r.exception_info and r.exception_info.get("raised_exception"):
                raise RuntimeError(f"expectation {cfg.type} on {column} could not run: "
                                   f"{r.exception_info.get('exception_message')}")
            indices = list(r.result.get("unexpected_index_list") or []) if not r.success else []
            values = list(r.result.get("unexpected_list") or [])
            check = self.checks.setdefault((cfg.type, column, rule), {
                "expectation": cfg.type, "field": column, "rule": rule, "severity": severity,
                "passed": True, "failures": 0, "observed": None,
            })
            check["passed"] = check["passed"] and bool(r.success)
            check["failures"] += len(indices)
            if "observed_value" in r.result:
                check["observed"] = r.result["observed_value"]
            if not r.success and not indices:  # an aggregate (batch-level) rule
                self.findings.append(Finding(", ".join(sorted(set(map(str, files)))) if len(files) else "(batch)",
                                             None, column, rule, _aggregate_detail(cfg, r, self.parameters), severity))
            for i, idx in enumerate(indices):
                pos = _position(idx) + offset
                value = values[i] if i < len(values) else None
                if meta.get("redact"):
                    detail = "value withheld"
                elif meta.get("detail") == "first_seen" and isinstance(value, (tuple, list)) and len(value) == 2:
                    first = int(value[1]) + offset  # column_B holds the position of the first copy
                    detail = f"first seen at {files[first]}:{int(lines[first])}"
                else:
                    detail = f"got {_short(value)}"
                self.findings.append(Finding(str(files[pos]), int(lines[pos]), column, rule, detail, severity))


def _position(idx: Any) -> int:
    if isinstance(idx, dict):
        return int(idx.get("index", 0))
    return int(idx)


def _aggregate_detail(cfg, result, parameters: dict[str, Any]) -> str:
    observed = result.result.get("observed_value")
    lo, hi = (cfg.kwargs.get(k) for k in ("min_value", "max_value"))
    lo, hi = (parameters[v["$PARAMETER"]] if isinstance(v, dict) else v for v in (lo, hi))
    bounds = f"[{lo:.3f}, {hi:.3f}]" if lo is not None and hi is not None else (f"≥ {lo:.3f}" if lo is not None else f"≤ {hi:.3f}")
    return f"observed {observed:.3f}, expected {bounds}" if isinstance(observed, (int, float)) else f"observed {observed}"


def _short(value: Any, n: int = 50) -> str:
    text = repr(value)
    return text if len(text) <= n else text[: n - 1] + "…"


def batch_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The slim frame the batch suite runs on: ids, pair bookkeeping and per-row flags."""
    n = len(rows)
    positions = np.arange(n, dtype=np.int64)
    hashes = pair_hash(rows["prompt"], rows["completion"]).to_numpy()
    has_text = (rows["prompt"].notna() & rows["completion"].notna()).to_numpy()
    keyed = pd.DataFrame({"h": hashes, "row": positions, "label": rows["label"].astype("float")})[has_text]
    first = positions.copy()
    labels = np.ones(n, dtype=np.int64)
    if len(keyed):
        grouped = keyed.groupby("h", sort=False)
        first[has_text] = grouped["row"].transform("min").to_numpy()
        labels[has_text] = grouped["label"].transform("nunique").to_numpy()
    return pd.DataFrame({
        "id": rows["id"],
        "_row": positions,
        "_first_row_of_pair": first,
        "_labels_per_pair": labels,
        "_desirable": rows["label"].astype("float"),
        "_singlish": has_singlish(rows["prompt"], rows["completion"]),
    })


def validate_batch(paths: list[Path], rules: BatchRules | None = None) -> tuple[ValidationReport, ReadResult]:
    """Read and validate a batch. The report lists every problem; nothing is written anywhere."""
    rules = rules or BatchRules()
    read = read_incoming(paths, max_line_bytes=rules.max_line_bytes)
    suites = {name: load_suite_json(name) for name in (ROW_SUITE, BATCH_SUITE)}
    report = ValidationReport(
        suites={n: str(s.get("meta", {}).get("version", "0")) for n, s in suites.items()},
        files=read.files,
        rows=len(read.rows),
        records=read.records,
        findings=list(read.findings),
    )
    rows = read.rows
    if not len(rows):
        if not read.findings:
            report.findings.append(Finding(", ".join(map(str, paths)), None, None, "no rows found"))
        return report, read

    context, parameters = _gx_context(), rules.parameters()
    files, lines = rows[FILE_COL].to_numpy(), rows[LINE_COL].to_numpy()
    row_runner = _SuiteRunner(context, suites[ROW_SUITE], parameters)
    for start in range(0, len(rows), SUITE_CHUNK_ROWS):
        chunk = rows.iloc[start : start + SUITE_CHUNK_ROWS].drop(columns=[FILE_COL, LINE_COL]).reset_index(drop=True)
        chunk["prompt_key"] = normalise_prompt(chunk["prompt"])
        row_runner.run(chunk, files, lines, offset=start)
        log.debug("row suite: %d/%d rows", min(start + SUITE_CHUNK_ROWS, len(rows)), len(rows))
    batch_runner = _SuiteRunner(context, suites[BATCH_SUITE], parameters)
    batch_runner.run(batch_frame(rows), files, lines)

    report.findings += row_runner.findings + batch_runner.findings
    report.checks = list(row_runner.checks.values()) + list(batch_runner.checks.values())
    if rules.near_duplicate_threshold > 0 and rules.evaluation_prompts:
        report.findings += near_duplicate_findings(rows, files, lines, rules)
    return report, read


def near_duplicate_findings(rows: pd.DataFrame, files, lines, rules: BatchRules) -> list[Finding]:
    """Training prompts whose embedding is within ``near_duplicate_threshold`` cosine of an evaluation prompt: a
    reworded copy of a held-out prompt is leakage too (the exact-match rule catches only identical text)."""
    from .neighbours import nearest

    prompts = rows["prompt"].astype(str).tolist()
    unique = sorted(set(prompts))
    found = {n.query: n for n in nearest(unique, sorted(set(rules.evaluation_prompts)), rules.encoder)
             if n.similarity >= rules.near_duplicate_threshold}
    out = []
    for i, p in enumerate(prompts):
        if p in found:
            n = found[p]
            out.append(Finding(str(files[i]), int(lines[i]), "prompt",
                               "near-duplicate of an evaluation prompt (leakage)",
                               f"cosine {n.similarity:.3f} >= {rules.near_duplicate_threshold} with "
                               f"{n.nearest[:80]!r}; reword the training prompt or drop it"))
    log.info("near-duplicate check: %d of %d unique prompts within cosine %.2f of an evaluation prompt",
             len(found), len(unique), rules.near_duplicate_threshold)
    return out


def rules_from_config(cfg) -> BatchRules:
    """The suite parameters a config implies: its length limits, Singlish share, KTO weights and every
    evaluation prompt (a training prompt equal to one of them is leakage)."""
    prompts: list[str] = []
    for path in (cfg.evaluation.redteam, cfg.evaluation.benign, cfg.evaluation.generalisation,
                 *cfg.evaluation.reserved):
        if Path(path).is_file():
            with open(path, encoding="utf-8") as fh:
                prompts += [str(json.loads(line).get("prompt", "")) for line in fh if line.strip()]
    return BatchRules(
        max_prompt_chars=cfg.data.max_prompt_chars,
        max_completion_chars=cfg.data.max_completion_chars,
        max_line_bytes=cfg.data.max_line_bytes,
        evaluation_prompts=tuple(prompts),
        desirable_weight=cfg.training.kto.desirable_weight,
        undesirable_weight=cfg.training.kto.undesirable_weight,
        min_singlish_share=cfg.data.min_singlish_share,
        near_duplicate_threshold=cfg.data.near_duplicate_threshold,
        encoder=cfg.judge.encoder,
    )
