"""Reading incoming JSONL batches without trusting them.

The contract (one UTF-8 JSON object per line):
    {"id": str, "prompt": str, "completion": str, "label": bool, "category": str, "source": str}
Paired rows ``{"id", "prompt", "chosen", "rejected", "category", "source"}`` become two rows (``<id>#chosen``
labelled true, ``<id>#rejected`` labelled false) sharing a ``pair_id``.

This module only parses. A line that is not a JSON object becomes a ``Finding`` naming the file, the line and the
problem. For a JSON object, each field's value goes into a typed column when it has the contract's type, and the
JSON type it actually had goes into ``<field>__type`` ("string", "number", "object", "missing", ...), so that the
Great Expectations suite, not this code, decides what is allowed. Rows are collected column by column into Arrow
arrays in chunks (no Python dict per row survives), which keeps a million-row batch in a few hundred MB.
Input files are opened read-only and never changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

ROW_FIELDS = ("id", "prompt", "completion", "label", "category", "source")
PAIR_FIELDS = ("id", "prompt", "chosen", "rejected", "category", "source")
EXPECTED_TYPE = {"id": "string", "prompt": "string", "completion": "string", "label": "boolean",
                 "category": "string", "source": "string"}
DATA_SUFFIXES = (".jsonl",)
# Bookkeeping columns carried next to the contract fields (never part of the canonical dataset).
FILE_COL, LINE_COL, PAIR_COL, UNKNOWN_COL = "_file", "_line", "pair_id", "_unknown_fields"
CHUNK_ROWS = 100_000

_JSON_TYPE = {str: "string", bool: "boolean", int: "number", float: "number", dict: "object", list: "array",
              type(None): "null"}


def type_col(name: str) -> str:
    return f"{name}__type"


@dataclass(frozen=True)
class Finding:
    """One problem, located precisely enough that a person can open the file and fix it.

    severity: "error" stops the batch (or, with quarantine, sets the row aside); "quarantine" always sets the row
    aside without stopping the batch (personal data); "warning" is reported only.
    """

    file: str
    line: int | None
    field: str | None
    rule: str
    detail: str = ""
    severity: str = "error"

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
    records: int  # non-blank lines: the unit that is either accepted or quarantined
    rows: int  # contract rows parsed from them (a paired record gives two)


@dataclass
class ReadResult:
    rows: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)

    @property
    def records(self) -> int:
        return sum(f.records for f in self.files)


def discover(paths: list[Path]) -> tuple[list[Path], list[Finding]]:
    """Expand directories into their ``*.jsonl`` files (recursively, sorted, following symlinked sub-folders once
    each). Anything that cannot be read becomes a finding naming the path and why: missing, a broken symlink or a
    symlink loop, permission denied, or not a regular file (a FIFO, socket or device)."""
    files: list[Path] = []
    findings: list[Finding] = []
    for p in paths:
        p = Path(p)
        kind = _kind(p, findings)
        if kind == "dir":
            found = _walk(p, findings)
            if not found and not any(f.file.startswith(str(p)) for f in findings):
                findings.append(Finding(str(p), None, None, "directory holds no data files (*.jsonl)"))
            files.extend(found)
        elif kind == "file":
            files.append(p)
    return files, findings


def _kind(p: Path, findings: list[Finding]) -> str | None:
    """"dir", "file" (a readable regular file) or None (with a finding saying why not)."""
    import errno
    import stat

    try:
        st = p.stat()
    except FileNotFoundError:
        rule = (f"broken symlink (its target {os.readlink(p)!r} does not exist)" if p.is_symlink()
                else "path does not exist")
        findings.append(Finding(str(p), None, None, rule))
        return None
    except PermissionError:
        findings.append(Finding(str(p), None, None, "permission denied: cannot look at this path (check the "
                                "permissions of its folders)"))
        return None
    except OSError as exc:
        rule = "symlink loop: the link points back at itself" if exc.errno == errno.ELOOP else \
            f"cannot look at this path: {exc.strerror or exc}"
        findings.append(Finding(str(p), None, None, rule))
        return None
    if stat.S_ISDIR(st.st_mode):
        if not os.access(p, os.R_OK | os.X_OK):
            findings.append(Finding(str(p), None, None, "permission denied: cannot list this folder"))
            return None
        return "dir"
    if not stat.S_ISREG(st.st_mode):
        what = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "a device"
        findings.append(Finding(str(p), None, None, f"not a regular file ({what}); give JSONL files or folders"))
        return None
    if not os.access(p, os.R_OK):
        findings.append(Finding(str(p), None, None, "permission denied: cannot read this file (check its "
                                "permissions, or run as a user that may read it)"))
        return None
    return "file"


def _walk(root: Path, findings: list[Finding]) -> list[Path]:
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()

    def onerror(exc: OSError) -> None:
        findings.append(Finding(str(exc.filename or root), None, None,
                                f"cannot list this folder: {exc.strerror or exc}"))

    for folder, dirs, names in os.walk(root, followlinks=True, onerror=onerror):
        st = os.stat(folder)
        if (st.st_dev, st.st_ino) in seen:  # a symlink back to a folder already walked
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        kept = []
        for d in sorted(dirs):
            sub = Path(folder) / d
            if _kind(sub, findings) == "dir":
                kept.append(d)
        dirs[:] = kept
        for name in sorted(names):
            f = Path(folder) / name
            if f.suffix in DATA_SUFFIXES and _kind(f, findings) == "file":
                found.append(f)
    return sorted(found)


class _Columns:
    """Column-wise row collector that turns every ``CHUNK_ROWS`` rows into an Arrow table."""

    def __init__(self) -> None:
        self.tables: list[pa.Table] = []
        self._reset()

    def _reset(self) -> None:
        self.values: dict[str, list] = {f: [] for f in ROW_FIELDS}
        self.types: dict[str, list] = {f: [] for f in ROW_FIELDS}
        self.pair: list = []
        self.unknown: list = []
        self.file: list = []
        self.line: list = []

    def add(self, file: str, line: int, get, pair_id: str | None, unknown: str | None) -> None:
        for name in ROW_FIELDS:
            value = get(name)
            kind = "missing" if value is ... else _JSON_TYPE.get(type(value), "other")
            self.types[name].append(kind)
            self.values[name].append(value if kind == EXPECTED_TYPE[name] else None)
        self.pair.append(pair_id)
        self.unknown.append(unknown)
        self.file.append(file)
        self.line.append(line)
        if len(self.line) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.line:
            return
        cols: dict[str, pa.Array] = {}
        for name in ROW_FIELDS:
            cols[name] = pa.array(self.values[name], type=pa.bool_() if name == "label" else pa.string())
        cols[PAIR_COL] = pa.array(self.pair, type=pa.string())
        cols[UNKNOWN_COL] = pa.array(self.unknown, type=pa.string())
        for name in ROW_FIELDS:
            cols[type_col(name)] = pa.array(self.types[name]).dictionary_encode()
        cols[FILE_COL] = pa.array(self.file).dictionary_encode()
        cols[LINE_COL] = pa.array(self.line, type=pa.int64())
        self.tables.append(pa.table(cols))
        self._reset()

    def frame(self) -> pd.DataFrame:
        self.flush()
        if not self.tables:
            return empty_frame()
        table = pa.concat_tables(self.tables, promote_options="permissive").combine_chunks()
        self.tables = []
        return table.to_pandas(types_mapper=_pandas_type, self_destruct=True)


def _pandas_type(arrow_type: pa.DataType):
    if arrow_type == pa.string():
        return pd.ArrowDtype(pa.string())
    if arrow_type == pa.bool_():
        return pd.BooleanDtype()
    return None  # dictionary → Categorical, int64 → int64


def empty_frame() -> pd.DataFrame:
    string = pd.ArrowDtype(pa.string())
    data: dict[str, pd.Series] = {name: pd.Series([], dtype=string) for name in ROW_FIELDS}
    data["label"] = pd.Series([], dtype=pd.BooleanDtype())
    data[PAIR_COL] = pd.Series([], dtype=string)
    data[UNKNOWN_COL] = pd.Series([], dtype=string)
    for name in ROW_FIELDS:
        data[type_col(name)] = pd.Series([], dtype="category")
    data[FILE_COL] = pd.Series([], dtype="category")
    data[LINE_COL] = pd.Series([], dtype="int64")
    return pd.DataFrame(data)


def _preview(raw: bytes, n: int = 60) -> str:
    text = raw[:n].decode("utf-8", errors="replace")
    return repr(text) + ("…" if len(raw) > n else "")


def _read_file(path: Path, max_line_bytes: int, cols: _Columns, findings: list[Finding]) -> SourceFile:
    name = str(path)
    digest = hashlib.sha256()
    n_lines = n_records = n_rows = 0
    loads = json.loads
    with open(path, "rb") as fh:
        while True:
            raw = fh.readline(max_line_bytes + 1)
            if not raw:
                break
            digest.update(raw)
            n_lines += 1
            if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
                n_records += 1
                findings.append(Finding(name, n_lines, None, f"line longer than {max_line_bytes} bytes (data.max_line_bytes); not loaded"))
                # Skip the rest of the oversized line without holding it in memory.
                while raw and not raw.endswith(b"\n"):
                    raw = fh.readline(1 << 20)
                    digest.update(raw)
                continue
            if n_lines == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]  # a UTF-8 byte-order mark is accepted
            if not raw.strip():
                continue  # blank lines carry no row
            n_records += 1
            if b"\x00" in raw:
                findings.append(Finding(name, n_lines, None, "binary content (NUL byte), not UTF-8 JSON text"))
                continue
            try:
                obj = loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                findings.append(Finding(name, n_lines, None, "not valid UTF-8", f"byte {exc.start}"))
                continue
            except json.JSONDecodeError as exc:
                truncated = not raw.endswith(b"\n") and fh.peek(1) == b""
                rule = "invalid JSON" + (" (truncated last line?)" if truncated else "")
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
            n_rows += _expand(obj, name, n_lines, cols, findings)
    if n_lines == 0:
        findings.append(Finding(name, None, None, "empty file"))
    return SourceFile(path=name, sha256=digest.hexdigest(), lines=n_lines, records=n_records, rows=n_rows)


def _expand(obj: dict[str, Any], name: str, line: int, cols: _Columns, findings: list[Finding]) -> int:
    """One input object → one or two contract rows."""
    if "chosen" in obj or "rejected" in obj:
        if "completion" in obj or "label" in obj:
            findings.append(
                Finding(name, line, None, "a row is either paired (chosen/rejected) or single (completion/label)")
            )
            return 0
        unknown = ", ".join(sorted(set(obj) - set(PAIR_FIELDS))) or None
        pair_id = obj.get("id")
        ok_id = isinstance(pair_id, str)
        for role, label in (("chosen", True), ("rejected", False)):
            fields = {"id": f"{pair_id}#{role}" if ok_id else obj.get("id", ...), "completion": obj.get(role, ...),
                      "label": label}
            cols.add(name, line, lambda k: fields[k] if k in fields else obj.get(k, ...), pair_id if ok_id else None,
                     unknown)
        return 2
    unknown = ", ".join(sorted(set(obj) - set(ROW_FIELDS))) or None
    cols.add(name, line, lambda k: obj.get(k, ...), None, unknown)
    return 1


def read_incoming(paths: list[Path], max_line_bytes: int = 1_000_000) -> ReadResult:
    """Parse every data file under ``paths`` into contract rows plus structural findings."""
    files, findings = discover(paths)
    cols = _Columns()
    sources = [_read_file(f, max_line_bytes, cols, findings) for f in files]
    return ReadResult(rows=cols.frame(), findings=findings, files=sources)


def raw_lines(path: str, wanted: set[int], max_bytes: int) -> dict[int, str]:
    """The original text of some lines of a file (for quarantine), cut at ``max_bytes``."""
    out: dict[int, str] = {}
    if not wanted:
        return out
    last = max(wanted)
    with open(path, "rb") as fh:
        n = 0
        while n < last:
            raw = fh.readline(max_bytes + 1)
            if not raw:
                break
            n += 1
            cut = len(raw) > max_bytes and not raw.endswith(b"\n")
            tail = raw
            while cut and tail and not tail.endswith(b"\n"):
                tail = fh.readline(1 << 20)  # skip the rest of an oversized line
            if n in wanted:
                text = raw[:max_bytes].decode("utf-8", errors="replace").rstrip("\n")
                out[n] = text + (" …[cut: line longer than the limit]" if cut else "")
    return out
