"""Validate an incoming batch and store it as a content-addressed dataset version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow

from alignment.config import load_config
from flows.retrain import DEFAULT_CONFIG
from tasks.validate import validate_batch


@flow(name="validate-batch")
def validate(paths: list[str], config_path: str = DEFAULT_CONFIG, overrides: dict[str, Any] | None = None) -> dict:
    cfg = load_config(config_path, overrides or {})
    ref = validate_batch(cfg, [Path(p) for p in paths])
    return {"dataset_version": ref.version, "sha256": ref.sha256, "uri": ref.uri, "rows": ref.rows}
