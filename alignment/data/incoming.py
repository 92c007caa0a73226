"""Reading incoming JSONL batches without trusting them.

The contract (one UTF-8 JSON object per line):
    {"id": str, "prompt": str, "completion": str, "label": bool, "category": str, "source": str}
Paired rows ``{"id", "prompt", "chosen", "rejected", "category", "source"}`` become two rows (``<id>#chosen``
labelled true, ``<id>#rejected`` labelled false) sharing a ``pair_id``.

This module only parses. Anything that is not a JSON object on a line becomes a ``Finding`` naming the file, the
line and the rule; values are kept as parsed (wrong types included) so that the Great Expectations suite judges
them. Input files are opened read-only and never changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

ROW_FIELDS = ("id", "prompt", "completion", "label", "category", "source")
PAIR_FIELDS = ("id", "prompt", "chosen", "rejected", "category", "source")
DATA_SUFFIXES = (".jsonl",)
# Bookkeeping columns carried next to the contract fields (never part of the canonical dataset).
FILE_COL, LINE_COL, PAIR_COL = "_file", "_line", "pair_id"


@dataclass(frozen=True)
class Finding:
    """One problem, located precisely enough that a person can open the file and fix it."""

    file: str
    line: int | None
    field: str | None
    rule: str
    detail: str = ""
    severity: str = "error"  # "error" stops the batch; "warning" is reported only

    def where(self) -> str:
        loc = self.file + (f":{self.line}" if self.line is not None else "")
        return loc + (f" field '{self.field}'" if self.field else "")

    def __str__(self) -> str:
        return f"{self.severity.upper()} {self.where()}: {self.rule}" + (f" ({self.detail})" if self.detail else "")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SourceFile:
    path: str
    sha256: str
    lines: int
    rows: int


@dataclass
class ReadResult:
    rows: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)


def discover(paths: list[Path]) -> tuple[list[Path], list[Finding]]:
    """Expand directories into their ``*.jsonl`` files (recursively, sorted)."""
    files: list[Path] = []
    findings: list[Finding] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix in DATA_SUFFIXES)
            if not found:
                findings.append(Finding(str(p), None, None, "directory holds no data files (*.jsonl)"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            findings.append(Finding(str(p), None, None, "path does not exist"))
    return files, findings


def _preview(raw: bytes, n: int = 60) -> str:
    text = raw[:n].decode("utf-8", errors="replace")
    return repr(text) + ("…" if len(raw) > n else "")


def _read_file(path: Path, max_line_bytes: int, records: list[dict[str, Any]], findings: list[Finding]) -> SourceFile:
    name = str(path)
    digest = hashlib.sha256()
    n_lines = 0
    n_rows = 0
    with open(path, "rb") as fh:
        while True:
            raw = fh.readline(max_line_bytes + 1)
            if not raw:
                break
            digest.update(raw)
            n_lines += 1
            if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
                findings.append(Finding(name, n_lines, None, f"line longer than {max_line_bytes} bytes"))
                # Skip the rest of the oversized line without holding it in memory.
                while raw and not raw.endswith(b"\n"):
                    raw = fh.readline(1 << 20)
                    digest.update(raw)
                continue
            if n_lines == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]  # a UTF-8 byte-order mark is accepted
            if b"\x00" in raw:
                findings.append(Finding(name, n_lines, None, "binary content (NUL byte), not UTF-8 JSON text"))
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                findings.append(Finding(name, n_lines, None, "not valid UTF-8", f"byte {exc.start}"))
                continue
            if not text.strip():
                continue  # blank lines carry no row
            if not text.endswith("\n") and fh.peek(1) == b"":
                last_line_unterminated = True
            else:
                last_line_unterminated = False
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                rule = "invalid JSON" + (" (truncated last line?)" if last_line_unterminated else "")
                findings.append(Finding(name, n_lines, None, rule, f"{exc.msg} at column {exc.colno}"))
                continue
            if isinstance(obj, list):
                findings.append(
                    Finding(name, n_lines, None, "a JSON array, expected one JSON object per line (JSONL)")
                )
                continue
            if not isinstance(obj, dict):
                findings.append(
                    Finding(name, n_lines, None, f"expected a JSON object, got {type(obj).__name__}", _preview(raw))
                )
                continue
            n_rows += _expand(obj, name, n_lines, records, findings)
    if n_lines == 0:
        findings.append(Finding(name, None, None, "empty file"))
    return SourceFile(path=name, sha256=digest.hexdigest(), lines=n_lines, rows=n_rows)


def _expand(obj: dict[str, Any], name: str, line: int, records: list[dict[str, Any]], findings: list[Finding]) -> int:
    """One input object → one or two contract rows."""
    base = {FILE_COL: name, LINE_COL: line}
    if "chosen" in obj or "rejected" in obj:
        unknown = sorted(set(obj) - set(PAIR_FIELDS))
        if unknown:
            findings.append(Finding(name, line, unknown[0], "unknown field in a paired row", ", ".join(unknown)))
        if "completion" in obj or "label" in obj:
            findings.append(
                Finding(name, line, None, "a row is either paired (chosen/rejected) or single (completion/label)")
            )
            return 0
        pair_id = obj.get("id")
        suffix_ok = isinstance(pair_id, str)
        for role, label in (("chosen", True), ("rejected", False)):
            records.append(
                {
                    **base,
                    "id": f"{pair_id}#{role}" if suffix_ok else pair_id,
                    "prompt": obj.get("prompt"),
                    "completion": obj.get(role),
                    "label": label,
                    "category": obj.get("category"),
                    "source": obj.get("source"),
                    PAIR_COL: pair_id if suffix_ok else None,
                }
            )
        return 2
    unknown = sorted(set(obj) - set(ROW_FIELDS))
    if unknown:
        findings.append(Finding(name, line, unknown[0], "unknown field", ", ".join(unknown)))
    records.append({**base, **{k: obj.get(k) for k in ROW_FIELDS}, PAIR_COL: None})
    return 1


def read_incoming(paths: list[Path], max_line_bytes: int = 1_000_000) -> ReadResult:
    """Parse every data file under ``paths`` into contract rows plus structural findings."""
    files, findings = discover(paths)
    records: list[dict[str, Any]] = []
    sources = [_read_file(f, max_line_bytes, records, findings) for f in files]
    columns = [*ROW_FIELDS, PAIR_COL, FILE_COL, LINE_COL]
    # dtype=object keeps values exactly as parsed (no int→float or bool coercion), so the suite judges them.
    df = pd.DataFrame(records, columns=columns, dtype=object)
    df[LINE_COL] = df[LINE_COL].astype("int64")
    return ReadResult(rows=df, findings=findings, files=sources)
