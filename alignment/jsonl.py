"""Reading JSONL files the same way everywhere: one object per non-blank line, and an error that names the file,
the line and what the line should have been."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator


def jsonl_objects(path: Path, shape: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(where, object)`` for every non-blank line, ``where`` being ``file:line``. ``shape`` describes a line
    (e.g. ``{"id", "prompt", "category"}``) for the error message. Raises ``ValueError`` on an unreadable file,
    text that is not UTF-8, invalid JSON or a line that is not an object."""
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    with fh:
        try:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{path}:{n}"
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{where}: not valid JSON ({exc.msg}); each line must be one object {shape}") from None
                if not isinstance(obj, dict):
                    raise ValueError(f"{where}: expected a JSON object {shape}, got {type(obj).__name__}")
                yield where, obj
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
