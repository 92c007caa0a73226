"""Content addresses: the same inputs give the same key, so a stage trained once is found again."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def cache_key(**parts: Any) -> str:
    blob = json.dumps(parts, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:16]
