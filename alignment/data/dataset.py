"""Accepted datasets: canonical rows, content address, manifest.

An accepted batch is stored as ``datasets/<sha256>/rows.parquet`` + ``manifest.json`` where the sha256 is over the
canonical rows (contract fields only, sorted by id, compact JSON lines), so the same rows always give the same
version whatever files or order they came in.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from ..storage import Store
from .incoming import PAIR_COL, ROW_FIELDS
from .validate import ValidationReport

CANONICAL_COLUMNS = [*ROW_FIELDS, PAIR_COL]


def canonical_rows(rows: pd.DataFrame) -> pd.DataFrame:
    out = rows[CANONICAL_COLUMNS].copy()
    for col in ("id", "prompt", "completion", "category", "source", PAIR_COL):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    out["label"] = out["label"].astype(bool)
    return out.sort_values("id", kind="stable").reset_index(drop=True)


def dataset_sha256(canonical: pd.DataFrame) -> str:
    h = hashlib.sha256()
    for rec in canonical.to_dict(orient="records"):
        h.update(json.dumps(rec, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


@dataclass(frozen=True)
class DatasetRef:
    """What tasks pass around: where the accepted rows are and what identifies them (never the rows)."""

    sha256: str
    uri: str
    local_path: str
    rows: int

    @property
    def version(self) -> str:
        return self.sha256[:16]


def counts(canonical: pd.DataFrame) -> dict[str, Any]:
    by = canonical.groupby(["category", "label"]).size()
    return {
        "rows": int(len(canonical)),
        "desirable": int(canonical["label"].sum()),
        "undesirable": int((~canonical["label"]).sum()),
        "paired_rows": int(canonical[PAIR_COL].notna().sum()),
        "by_category_label": {f"{c}/{'desirable' if lab else 'undesirable'}": int(n) for (c, lab), n in by.items()},
    }


def save_dataset(
    store: Store,
    canonical: pd.DataFrame,
    sha: str,
    report: ValidationReport,
    cache_dir: Path,
    extra: dict[str, Any] | None = None,
    attachments: dict[str, Path] | None = None,
) -> DatasetRef:
    """Store canonical rows content-addressed (idempotent) and keep a local copy for training.

    The manifest is written last, so a dataset folder with a manifest is complete.
    """
    local = local_rows_path(cache_dir, sha)
    if not local.is_file():
        local.parent.mkdir(parents=True, exist_ok=True)
        tmp = local.with_suffix(".tmp")
        canonical.to_parquet(tmp, index=False)
        tmp.replace(local)
    key = f"datasets/{sha}"
    if not store.exists(f"{key}/manifest.json"):
        store.put_file(local, f"{key}/rows.parquet")
        for name, path in (attachments or {}).items():
            store.put_file(path, f"{key}/{name}")
        manifest = {
            "sha256": sha,
            "created_at": datetime.now(timezone.utc).isoformat(),
            "sources": [vars(f) for f in report.files],
            "suites": report.suites,
            "warnings": [w.to_dict() for w in report.warnings],
            "counts": counts(canonical),
            **(extra or {}),
        }
        store.put_bytes(f"{key}/manifest.json", json.dumps(manifest, indent=2, default=str).encode())
    return DatasetRef(sha256=sha, uri=store.url(key), local_path=str(local), rows=len(canonical))


def local_rows_path(cache_dir: Path, sha: str) -> Path:
    return cache_dir / "datasets" / sha / "rows.parquet"


def fetch_rows(store: Store, sha: str, cache_dir: Path) -> pd.DataFrame:
    """A stored dataset's rows, from the local cache or downloaded from the store once."""
    local = local_rows_path(cache_dir, sha)
    if not local.is_file():
        local.parent.mkdir(parents=True, exist_ok=True)
        store.download(f"datasets/{sha}/rows.parquet", local)
    return pd.read_parquet(local)


def load_rows(ref_or_path: DatasetRef | str | Path) -> pd.DataFrame:
    path = ref_or_path.local_path if isinstance(ref_or_path, DatasetRef) else ref_or_path
    return pd.read_parquet(path)


def read_prompts(path: Path, limit: int | None = None) -> list[dict[str, str]]:
    """Evaluation prompt sets: JSONL ``{"id", "prompt", "category"}``."""
    from ..jsonl import jsonl_objects

    out = []
    for where, obj in jsonl_objects(path, '{"id", "prompt", "category"}'):
        if "id" not in obj or "prompt" not in obj:
            raise ValueError(f"{where}: not an evaluation prompt {{id, prompt, category}}: 'id' and 'prompt' are needed")
        out.append({"id": str(obj["id"]), "prompt": str(obj["prompt"]), "category": str(obj.get("category", ""))})
    return stratified_head(out, limit) if limit else out


def stratified_head(prompts: list[dict[str, str]], limit: int) -> list[dict[str, str]]:
    """The first ``limit`` prompts taken round-robin across categories (file order within each), so a small
    evaluation still covers every category."""
    by_cat: dict[str, list[dict[str, str]]] = {}
    for p in prompts:
        by_cat.setdefault(p["category"], []).append(p)
    out: list[dict[str, str]] = []
    queues = [list(reversed(v)) for v in by_cat.values()]
    while len(out) < limit and any(queues):
        for q in queues:
            if q and len(out) < limit:
                out.append(q.pop())
    return out
