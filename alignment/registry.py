"""The model registry: immutable versions under ``registry/<model>/versions/<version>/``.

A version exists once its ``manifest.json`` exists. The manifest (sha256 and size of every file, base model, data
checksum, config) is written last, after every other file is uploaded and verified, and only if absent, so a
crash mid-publish leaves no visible version and an existing version is never overwritten.
"""

from __future__ import annotations

import getpass
import json
import os
import platform
import random
import re
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from .models import sha256_file
from .storage import AlreadyExists, PreconditionFailed, Store, StoreError

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


def git_commit() -> str | None:
    """The commit of the code that produced a version (None outside a git checkout)."""
    import subprocess

    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5, cwd=Path(__file__).parent
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


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
        "git_commit": git_commit(),
        **manifest_fields,
    }
    store.put_bytes(f"{prefix}/manifest.json", json.dumps(manifest, indent=2, default=str).encode(), if_absent=True)
    Registry(store, model)._audit("publish", version=version, gate_passed=bool(manifest.get("gate", {}).get("passed")))
    return PublishedVersion(model=model, version=version, uri=store.url(prefix), manifest=manifest)


def list_versions(store: Store, model: str) -> list[dict[str, Any]]:
    """Versions with a manifest, oldest first (half-uploaded versions have none and are not listed)."""
    base = f"registry/{check_name('model name', model)}/versions/"
    out = []
    for key in store.list(base):
        if key.endswith("/manifest.json") and key.count("/") == base.count("/") + 1:
            out.append(json.loads(store.get_bytes(key)))
    return sorted(out, key=lambda m: m["created_at"])


# ----------------------------------------------------------------------------------------------------------------
# Aliases, audit log, promotion, rollback, pull.


class RegistryError(RuntimeError):
    """A registry operation that cannot be done; the message says why and what to do."""


class GateNotPassed(RegistryError):
    pass


def actor() -> str:
    """Who is acting: the Prefect flow run if there is one, else the OS user (never credentials)."""
    for var in ("SINGALIGN_ACTOR", "PREFECT__FLOW_RUN_ID"):
        if os.environ.get(var):
            return f"{var.lower()}:{os.environ[var]}"
    try:
        return f"user:{getpass.getuser()}@{platform.node()}"
    except Exception:  # pragma: no cover - no user database in some containers
        return f"uid:{os.getuid()}"


class Registry:
    """Versions, aliases and the audit log of one model in a store."""

    def __init__(self, store: Store, model: str):
        self.store, self.model = store, check_name("model name", model)
        self.base = f"registry/{self.model}"

    # versions -------------------------------------------------------------------------------------------------
    def versions(self) -> list[dict[str, Any]]:
        return list_versions(self.store, self.model)

    def manifest(self, version: str) -> dict[str, Any]:
        key = f"{version_prefix(self.model, version)}/manifest.json"
        if not self.store.exists(key):
            raise RegistryError(f"{self.model}:{version} does not exist (no manifest)")
        return json.loads(self.store.get_bytes(key))

    # aliases --------------------------------------------------------------------------------------------------
    def _alias_key(self, alias: str) -> str:
        return f"{self.base}/aliases/{check_name('alias', alias)}.json"

    def alias(self, alias: str) -> dict[str, Any] | None:
        got = self.store.get_with_etag(self._alias_key(alias))
        return json.loads(got[0]) if got else None

    def aliases(self) -> dict[str, dict[str, Any]]:
        out = {}
        for key in self.store.list(f"{self.base}/aliases/"):
            if key.endswith(".json"):
                out[key.rsplit("/", 1)[1][: -len(".json")]] = json.loads(self.store.get_bytes(key))
        return out

    def resolve(self, ref: str) -> str:
        """``MODEL@ALIAS`` / ``MODEL:VERSION`` / ``ALIAS`` / ``VERSION`` → a version id."""
        if "@" in ref:
            ref = ref.split("@", 1)[1]
            pointer = self.alias(ref)
            if pointer is None:
                raise RegistryError(f"alias {self.model}@{ref} is not set")
            return pointer["version"]
        if ":" in ref:
            ref = ref.split(":", 1)[1]
        self.manifest(ref)
        return ref

    def _swap(self, alias: str, change, max_attempts: int = 20) -> tuple[dict | None, dict]:
        """Compare-and-swap an alias: read (with ETag), compute the new pointer, write only if unchanged.
        A lost race re-reads and retries; after ``max_attempts`` it is reported, never silently overwritten."""
        key = self._alias_key(alias)
        for attempt in range(max_attempts):
            got = self.store.get_with_etag(key)
            old = json.loads(got[0]) if got else None
            new = change(old)
            body = json.dumps(new, indent=2).encode()
            try:
                if got is None:
                    self.store.put_bytes(key, body, if_absent=True)
                else:
                    self.store.put_bytes(key, body, if_match=got[1])
                return old, new
            except (AlreadyExists, PreconditionFailed):
                time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
        raise RegistryError(f"alias {self.model}@{alias} kept changing under us; gave up after {max_attempts} tries")

    def promote(self, version: str, alias: str = "production", reason: str = "", override: bool = False) -> dict:
        """Point ``alias`` at ``version``. Needs a passed gate in the version unless ``override`` (with a reason)."""
        manifest = self.manifest(version)
        gate_passed = bool(manifest.get("gate", {}).get("passed"))
        if not gate_passed and not override:
            raise GateNotPassed(
                f"{self.model}:{version} did not pass its gate; promote with an override and a reason to force it"
            )
        if override and not reason.strip():
            raise RegistryError("an override needs a reason, which is recorded in the audit log")
        now = datetime.now(timezone.utc).isoformat()

        def change(old):
            history = list(old.get("history", [])) if old else []
            if old:
                history.append(old["version"])
            return {"alias": alias, "version": version, "updated_at": now, "by": actor(), "history": history[-50:]}

        old, new = self._swap(alias, change)
        self._audit(
            "promote" if not override else "promote-override",
            alias=alias,
            version=version,
            previous=old["version"] if old else None,
            reason=reason,
            gate_passed=gate_passed,
        )
        return new

    def rollback(self, alias: str = "production", reason: str = "") -> dict:
        """Move ``alias`` back to the version it pointed at before."""

        def change(old):
            if not old or not old.get("history"):
                raise RegistryError(f"alias {self.model}@{alias} has no earlier version to roll back to")
            history = list(old["history"])
            return {
                "alias": alias,
                "version": history.pop(),
                "updated_at": datetime.now(timezone.utc).isoformat(),
                "by": actor(),
                "history": history,
            }

        old, new = self._swap(alias, change)
        self._audit("rollback", alias=alias, version=new["version"], previous=old["version"], reason=reason)
        return new

    # audit ----------------------------------------------------------------------------------------------------
    def _audit(self, action: str, **fields: Any) -> None:
        now = datetime.now(timezone.utc)
        event = {
            "at": now.isoformat(),
            "action": action,
            "model": self.model,
            "by": actor(),
            "flow_run_id": os.environ.get("PREFECT__FLOW_RUN_ID"),
            **fields,
        }
        key = f"{self.base}/audit/{now:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.json"
        self.store.put_bytes(key, json.dumps(event, indent=2).encode(), if_absent=True)

    def history(self) -> list[dict[str, Any]]:
        return [json.loads(self.store.get_bytes(k)) for k in sorted(self.store.list(f"{self.base}/audit/"))]

    # pull and cleanup -----------------------------------------------------------------------------------------
    def pull(self, ref: str, dest: Path) -> tuple[str, Path]:
        """Download a version and verify every file's sha256 and size against the manifest."""
        version = self.resolve(ref)
        manifest = self.manifest(version)
        prefix = version_prefix(self.model, version)
        dest.mkdir(parents=True, exist_ok=True)
        for name, entry in manifest["files"].items():
            target = dest / name
            self.store.download(f"{prefix}/{name}", target)
            if target.stat().st_size != entry["size"] or sha256_file(target) != entry["sha256"]:
                target.unlink()
                raise RegistryError(f"{self.model}:{version}/{name} does not match its manifest checksum")
        (dest / "manifest.json").write_text(json.dumps(manifest, indent=2))
        return version, dest

    def orphans(self) -> list[str]:
        """Version folders with files but no manifest (a publish that died mid-upload)."""
        base = f"{self.base}/versions/"
        seen: dict[str, bool] = {}
        for key in self.store.list(base):
            version = key[len(base) :].split("/", 1)[0]
            seen[version] = seen.get(version, False) or key.endswith(f"{version}/manifest.json")
        return sorted(v for v, has_manifest in seen.items() if not has_manifest)

    def cleanup_orphans(self) -> list[str]:
        removed = self.orphans()
        for version in removed:
            for key in list(self.store.list(f"{self.base}/versions/{version}/")):
                self.store.delete(key)
            self._audit("cleanup-orphan", version=version)
        return removed
