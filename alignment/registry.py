"""The model registry: immutable versions under ``registry/<model>/versions/<version>/``.

A version exists once its ``manifest.json`` exists. The manifest (sha256 and size of every file, base model, data
checksum, config) is written last, after every other file is uploaded and verified, and only if absent, so a
crash mid-publish leaves no visible version and an existing version is never overwritten.
"""

from __future__ import annotations

import json
import platform
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from .models import sha256_file
from .storage import Store, StoreError

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
ADAPTER_FILES = ("adapter_config.json", "adapter_model.safetensors")
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "chat_template.jinja", "special_tokens_map.json")
LIBRARIES = ("torch", "transformers", "trl", "peft", "datasets", "accelerate", "great-expectations", "prefect")


def check_name(kind: str, value: str) -> str:
    if not NAME_RE.match(value) or ".." in value:
        raise ValueError(f"invalid {kind} {value!r}: use 1-100 letters, digits, '.', '_' or '-' (no '/', no '..')")
    return value


def version_prefix(model: str, version: str) -> str:
    return f"registry/{check_name('model name', model)}/versions/{check_name('version', version)}"


def new_version_id(adapter_sha256: str, now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    return f"{now:%Y%m%d-%H%M%S}-{adapter_sha256[:8]}"


def library_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return out


@dataclass(frozen=True)
class PublishedVersion:
    model: str
    version: str
    uri: str
    manifest: dict[str, Any]


def collect_files(adapter_dir: Path, extra: dict[str, Path]) -> dict[str, Path]:
    """The files a version holds: the adapter, its tokenizer files, and the extra documents (metrics, gate…)."""
    files: dict[str, Path] = {}
    for name in ADAPTER_FILES:
        path = adapter_dir / name
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing: the adapter folder is incomplete")
        files[name] = path
    for name in TOKENIZER_FILES:
        if (adapter_dir / name).is_file():
            files[name] = adapter_dir / name
    files.update(extra)
    return files


def publish_version(
    store: Store,
    model: str,
    version: str,
    files: dict[str, Path],
    manifest_fields: dict[str, Any],
) -> PublishedVersion:
    """Upload ``files`` then write the manifest (last, create-only)."""
    prefix = version_prefix(model, version)
    if store.exists(f"{prefix}/manifest.json"):
        raise StoreError(f"version {model}:{version} already exists; versions are immutable")
    entries = {}
    for name, path in sorted(files.items()):
        digest = sha256_file(path)
        store.put_file(path, f"{prefix}/{name}")
        entries[name] = {"sha256": digest, "size": path.stat().st_size}
    manifest = {
        "model": model,
        "version": version,
        "created_at": datetime.now(timezone.utc).isoformat(),
        "files": entries,
        "libraries": library_versions(),
        **manifest_fields,
    }
    store.put_bytes(f"{prefix}/manifest.json", json.dumps(manifest, indent=2, default=str).encode(), if_absent=True)
    return PublishedVersion(model=model, version=version, uri=store.url(prefix), manifest=manifest)


def list_versions(store: Store, model: str) -> list[dict[str, Any]]:
    """Versions with a manifest, oldest first (half-uploaded versions have none and are not listed)."""
    base = f"registry/{check_name('model name', model)}/versions/"
    out = []
    for key in store.list(base):
        if key.endswith("/manifest.json") and key.count("/") == base.count("/") + 1:
            out.append(json.loads(store.get_bytes(key)))
    return sorted(out, key=lambda m: m["created_at"])
