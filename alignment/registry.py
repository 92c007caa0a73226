"""The model registry: immutable versions under ``registry/<model>/versions/<version>/``.

Publish protocol (see docs/operations.md, "The model registry: guarantees and recovery"):

1. Claim the version id: ``registry/<model>/claims/<version>.json`` is written create-only, so two publishers of
   one id cannot both proceed, and a claim is never deleted, so an id is never reused (not even after cleanup).
2. Upload the files; after each one the claim's ``updated_at`` is refreshed by compare-and-swap (a heartbeat).
3. Move the claim to ``committing`` (compare-and-swap; fails if cleanup has declared the upload abandoned), check
   every uploaded file exists in the store with its size, then write ``manifest.json`` create-only.

A version exists once its manifest exists; a crash anywhere before that leaves no visible version. Cleanup removes
only uploads whose claim is abandoned or has not moved for a stated age, and marks the claim ``abandoned`` by
compare-and-swap before deleting, so it never removes an upload that is still making progress.

Aliases move by compare-and-swap, and the audit event of a move (with a ``change_id``) is written before the swap:
no alias moves without an event. An event whose swap never happened is marked ``applied: false`` in ``history()``.
"""

from __future__ import annotations

import getpass
import json
import os
import platform
import random
import re
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from .errors import InvalidName, SingAlignError
from .models import sha256_file
from .storage import AlreadyExists, NotFound, PreconditionFailed, Store, StoreError

NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
ADAPTER_FILES = ("adapter_config.json", "adapter_model.safetensors")
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "chat_template.jinja", "special_tokens_map.json")
LIBRARIES = ("torch", "transformers", "trl", "peft", "datasets", "accelerate", "great-expectations", "prefect")
HISTORY_LIMIT = 50  # versions an alias remembers for rollback; older ones are dropped and counted
STALE_AFTER_S = 24 * 3600  # cleanup's default: an upload whose claim has not moved for a day is dead


def check_name(kind: str, value: str) -> str:
    """Model, version and alias names become store keys: 1-100 of [A-Za-z0-9._-], no '..', nothing else (the
    whole string must match: a trailing newline is not allowed)."""
    if not isinstance(value, str) or not NAME_RE.fullmatch(value) or ".." in value:
        raise InvalidName(
            f"invalid {kind} {value!r}: use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit "
            "(no '/', no '..', no spaces or newlines)"
        )
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


class RegistryError(SingAlignError, RuntimeError):
    """A registry operation that cannot be done; the message says why and what to do."""


class GateNotPassed(RegistryError):
    pass


class VersionExists(RegistryError, StoreError):
    """The version id is taken (published, being published, or abandoned): ids are never reused."""


class DamagedVersion(RegistryError):
    """A version whose manifest or files in the store are unreadable, missing or altered."""


class PublishAborted(RegistryError):
    """Cleanup declared this upload abandoned while it was running; nothing was published."""


def gate_passed(manifest: dict[str, Any]) -> bool:
    """True only for a real JSON ``true``: the string "false", 1 or a missing gate do not pass."""
    gate = manifest.get("gate")
    return isinstance(gate, dict) and gate.get("passed") is True


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def _loads(data: bytes, what: str) -> Any:
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DamagedVersion(f"{what} is not valid JSON ({exc}); see docs/operations.md, "
                             "'The model registry: guarantees and recovery'") from None


class _Claim:
    """The create-only claim on a version id, moved by compare-and-swap (see the module docstring)."""

    def __init__(self, store: Store, model: str, version: str):
        self.store, self.model, self.version = store, model, version
        self.key = f"registry/{model}/claims/{version}.json"
        self.etag: str | None = None
        self.body: dict[str, Any] = {}

    def acquire(self) -> None:
        self.body = {"version": self.version, "state": "uploading", "publish_id": uuid.uuid4().hex, "by": actor(),
                     "pid": os.getpid(), "started_at": _now(), "updated_at": _now()}
        try:
            self.etag = self.store.put_bytes(self.key, json.dumps(self.body, indent=2).encode(), if_absent=True)
        except AlreadyExists:
            raise VersionExists(
                f"version {self.model}:{self.version} already exists or is being published ({self.store.url(self.key)}"
                "); versions are immutable and ids are never reused: publish under a new version id") from None

    def move(self, state: str) -> None:
        """Compare-and-swap the claim to ``state``; fails if anyone (cleanup) changed it since our last write."""
        new = {**self.body, "state": state, "updated_at": _now()}
        try:
            etag = self.store.put_bytes(self.key, json.dumps(new, indent=2).encode(), if_match=self.etag)
        except PreconditionFailed:
            raise PublishAborted(
                f"{self.model}:{self.version}: the upload was declared abandoned by `registry cleanup` while it ran "
                "(its claim changed); nothing was published: publish again under a new version id") from None
        self.body, self.etag = new, etag


def publish_version(
    store: Store,
    model: str,
    version: str,
    files: dict[str, Path],
    manifest_fields: dict[str, Any],
) -> PublishedVersion:
    """Claim the id, upload ``files`` (heartbeat after each), verify them in the store, then write the manifest
    (last, create-only). See the module docstring for what each step guarantees."""
    prefix = version_prefix(model, version)
    gate = manifest_fields.get("gate")
    if gate is not None and not (isinstance(gate, dict) and isinstance(gate.get("passed"), bool)):
        raise RegistryError(f"{model}:{version}: gate.passed must be true or false, got {gate!r:.80}")
    for name in files:
        _check_file_name(name)
    if store.exists(f"{prefix}/manifest.json"):
        raise VersionExists(f"version {model}:{version} already exists; versions are immutable")
    claim = _Claim(store, model, version)
    claim.acquire()
    try:
        entries = {}
        for name, path in sorted(files.items()):
            digest = sha256_file(path)
            store.put_file(path, f"{prefix}/{name}")
            entries[name] = {"sha256": digest, "size": path.stat().st_size}
            claim.move("uploading")  # heartbeat: cleanup leaves an upload alone while this keeps moving
        claim.move("committing")
        for name, entry in entries.items():
            info = store.stat(f"{prefix}/{name}")
            if info is None or info.size != entry["size"]:
                raise PublishAborted(
                    f"{store.url(prefix + '/' + name)} is {'missing' if info is None else f'{info.size} bytes'} after "
                    f"its upload (expected {entry['size']} bytes); nothing was published: publish again under a new "
                    "version id")
        manifest = {
            "model": model,
            "version": version,
            "created_at": _now(),
            "files": entries,
            "libraries": library_versions(),
            "git_commit": git_commit(),
            **manifest_fields,
        }
        try:
            store.put_bytes(f"{prefix}/manifest.json", json.dumps(manifest, indent=2, default=str).encode(),
                            if_absent=True)
        except AlreadyExists:
            raise VersionExists(f"version {model}:{version} already exists; versions are immutable") from None
    except Exception:
        try:  # let cleanup remove what we uploaded without waiting for the stale age
            claim.move("abandoned")
        except Exception:
            pass
        raise
    try:
        claim.move("published")
    except Exception:  # the manifest is what makes a version; the claim's state is informational
        pass
    Registry(store, model)._audit("publish", version=version, gate_passed=gate_passed(manifest))
    return PublishedVersion(model=model, version=version, uri=store.url(prefix), manifest=manifest)


def _check_file_name(name: str) -> str:
    parts = name.split("/")
    if not name or name.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in name \
            or name == "manifest.json":
        raise RegistryError(f"invalid file name {name!r} in a version")
    return name


def list_versions(store: Store, model: str, damaged: list[str] | None = None) -> list[dict[str, Any]]:
    """Versions with a manifest, oldest first (half-uploaded versions have none and are not listed).

    A manifest that cannot be read raises DamagedVersion, unless ``damaged`` is given: then its message is
    appended there and the version is left out."""
    base = f"registry/{check_name('model name', model)}/versions/"
    out = []
    for key in store.list(base):
        if key.endswith("/manifest.json") and key.count("/") == base.count("/") + 1:
            try:
                manifest = _loads(store.get_bytes(key), store.url(key))
                if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
                    raise DamagedVersion(f"{store.url(key)} is not a version manifest (no 'files' mapping)")
            except DamagedVersion as exc:
                if damaged is None:
                    raise
                damaged.append(str(exc))
                continue
            out.append(manifest)
    return sorted(out, key=lambda m: str(m.get("created_at", "")))


# ----------------------------------------------------------------------------------------------------------------
# Aliases, audit log, promotion, rollback, pull.


def actor() -> str:
    """Who is acting: the Prefect flow run if there is one, else the OS user (never credentials)."""
    for var in ("SINGALIGN_ACTOR", "PREFECT__FLOW_RUN_ID"):
        if os.environ.get(var):
            return f"{var.lower()}:{os.environ[var]}"
    try:
        return f"user:{getpass.getuser()}@{platform.node()}"
    except Exception:  # pragma: no cover - no user database in some containers
        return f"uid:{os.getuid()}"


@dataclass
class CleanupReport:
    removed: list[str] = field(default_factory=list)  # versions whose files were deleted
    kept: list[str] = field(default_factory=list)  # uploads younger than the age: maybe still running
    partials: list[str] = field(default_factory=list)  # .tmp files and multipart uploads removed


class Registry:
    """Versions, aliases and the audit log of one model in a store."""

    def __init__(self, store: Store, model: str):
        self.store, self.model = store, check_name("model name", model)
        self.base = f"registry/{self.model}"

    # versions -------------------------------------------------------------------------------------------------
    def versions(self, damaged: list[str] | None = None) -> list[dict[str, Any]]:
        return list_versions(self.store, self.model, damaged)

    def manifest(self, version: str) -> dict[str, Any]:
        key = f"{version_prefix(self.model, version)}/manifest.json"
        try:
            data = self.store.get_bytes(key)
        except NotFound:
            raise RegistryError(f"{self.model}:{version} does not exist (no manifest at {self.store.url(key)}); "
                                "`singalign registry list` shows the versions") from None
        manifest = _loads(data, f"the manifest of {self.model}:{version} ({self.store.url(key)})")
        if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
            raise DamagedVersion(f"{self.store.url(key)} is not a version manifest (no 'files' mapping)")
        return manifest

    def check_files(self, version: str, manifest: dict[str, Any] | None = None) -> dict[str, Any]:
        """Every file the manifest lists is in the store with its recorded size (promote and rollback check this;
        pull also checks the sha256)."""
        manifest = manifest if manifest is not None else self.manifest(version)
        prefix = version_prefix(self.model, version)
        for name, entry in manifest["files"].items():
            key = f"{prefix}/{_check_file_name(name)}"
            info = self.store.stat(key)
            if info is None:
                raise DamagedVersion(
                    f"{self.model}:{version} is damaged: {self.store.url(key)} is missing from the store. It cannot "
                    "be promoted or pulled; restore the file from a backup or publish the adapter again under a new "
                    "version id")
            if info.size != entry.get("size"):
                raise DamagedVersion(
                    f"{self.model}:{version} is damaged: {self.store.url(key)} is {info.size} bytes, its manifest "
                    f"says {entry.get('size')}; restore it from a backup or publish again under a new version id")
        return manifest

    # aliases --------------------------------------------------------------------------------------------------
    def _alias_key(self, alias: str) -> str:
        return f"{self.base}/aliases/{check_name('alias', alias)}.json"

    def alias(self, alias: str) -> dict[str, Any] | None:
        key = self._alias_key(alias)
        got = self.store.get_with_etag(key)
        return _loads(got[0], f"alias {self.model}@{alias} ({self.store.url(key)})") if got else None

    def aliases(self) -> dict[str, dict[str, Any]]:
        out = {}
        for key in self.store.list(f"{self.base}/aliases/"):
            if key.endswith(".json"):
                out[key.rsplit("/", 1)[1][: -len(".json")]] = _loads(self.store.get_bytes(key), self.store.url(key))
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

    def _move(self, alias: str, change: Callable[[dict | None], tuple[dict, str, dict]],
              timeout_s: float = 120.0) -> tuple[dict | None, dict]:
        """Move an alias by compare-and-swap, with its audit event written first.

        Each attempt: read the pointer (with its ETag); ``change`` computes the new pointer, the audit action and
        the event's fields (and may refuse); the event is written (create-only) with a fresh ``change_id``; then the
        pointer is written only if unchanged. A lost race withdraws that attempt's event and retries (with jittered
        back-off); after ``timeout_s`` it is reported, never silently overwritten. A crash between the event and the swap leaves
        an event that ``history()`` shows as not applied; no alias ever moves without its event."""
        key = self._alias_key(alias)
        deadline, attempt = time.monotonic() + timeout_s, 0
        while attempt == 0 or time.monotonic() < deadline:
            attempt += 1
            got = self.store.get_with_etag(key)
            old = _loads(got[0], f"alias {self.model}@{alias} ({self.store.url(key)})") if got else None
            new, action, fields = change(old)
            change_id = uuid.uuid4().hex
            new = {**new, "change_id": change_id}
            event_key = self._audit(action, alias=alias, version=new["version"],
                                    previous=old["version"] if old else None, change_id=change_id,
                                    previous_change_id=old.get("change_id") if old else None, **fields)
            body = json.dumps(new, indent=2).encode()
            try:
                if got is None:
                    self.store.put_bytes(key, body, if_absent=True)
                else:
                    self.store.put_bytes(key, body, if_match=got[1])
                return old, new
            except (AlreadyExists, PreconditionFailed):
                self.store.delete(event_key)  # this attempt never took effect: withdraw its event
                time.sleep(random.uniform(0.01, 0.05) * min(attempt, 10))
        raise RegistryError(f"alias {self.model}@{alias} kept changing under us; gave up after {attempt} tries in "
                            f"{timeout_s:g} s: try again")

    def _pointer(self, alias: str, version: str, old: dict | None, history: list[str]) -> dict:
        dropped = (old or {}).get("history_dropped", 0)
        if len(history) > HISTORY_LIMIT:
            dropped += len(history) - HISTORY_LIMIT
            history = history[-HISTORY_LIMIT:]
        return {"alias": alias, "version": version, "updated_at": _now(), "by": actor(), "history": history,
                "history_limit": HISTORY_LIMIT, "history_dropped": dropped}

    def _gate_check(self, version: str, what: str, reason: str, override: bool) -> bool:
        manifest = self.check_files(version)
        passed = gate_passed(manifest)
        if not passed and not override:
            got = manifest.get("gate", {}).get("passed") if isinstance(manifest.get("gate"), dict) else None
            detail = "" if isinstance(got, bool) else f" (its gate.passed is {got!r}, not true)"
            raise GateNotPassed(
                f"{self.model}:{version} did not pass its gate{detail}; {what} with an override and a reason to "
                "force it")
        if override and not reason.strip():
            raise RegistryError("an override needs a reason, which is recorded in the audit log")
        return passed

    def promote(self, version: str, alias: str = "production", reason: str = "", override: bool = False) -> dict:
        """Point ``alias`` at ``version``. Needs a passed gate (a real boolean true) and every file in the store,
        unless ``override`` (with a reason) for the gate."""
        self._alias_key(alias)
        passed = self._gate_check(version, "promote", reason, override)

        def change(old):
            history = list(old.get("history", [])) if old else []
            if old:
                history.append(old["version"])
            action = "promote" if passed else "promote-override"
            return self._pointer(alias, version, old, history), action, {"reason": reason, "gate_passed": passed,
                                                                         "override": not passed}

        return self._move(alias, change)[1]

    def rollback(self, alias: str = "production", reason: str = "", override: bool = False) -> dict:
        """Move ``alias`` back to the version it pointed at before. The same checks as promote apply to that
        version: its files must be in the store, and its gate must have passed unless ``override`` (with a
        reason)."""

        def change(old):
            if not old or not old.get("history"):
                more = ""
                if old and old.get("history_dropped"):
                    more = (f" (an alias remembers its last {old.get('history_limit', HISTORY_LIMIT)} versions; "
                            f"{old['history_dropped']} older one(s) were dropped: promote one by its id instead)")
                raise RegistryError(f"alias {self.model}@{alias} has no earlier version to roll back to{more}")
            history = list(old["history"])
            target = history.pop()
            passed = self._gate_check(target, "roll back", reason, override)
            pointer = self._pointer(alias, target, old, history)
            pointer["history_dropped"] = old.get("history_dropped", 0)
            return pointer, "rollback" if passed else "rollback-override", {
                "reason": reason, "gate_passed": passed, "override": not passed}

        return self._move(alias, change)[1]

    # audit ----------------------------------------------------------------------------------------------------
    def _audit(self, action: str, **fields: Any) -> str:
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
        return key

    def history(self) -> list[dict[str, Any]]:
        """Every audit event, oldest first. An alias event carries ``applied``: true when its change is in the
        alias's chain of changes, false when the process stopped between writing the event and moving the alias
        (or the swap failed)."""
        events = [_loads(self.store.get_bytes(k), self.store.url(k))
                  for k in sorted(self.store.list(f"{self.base}/audit/"))]
        by_change = {e["change_id"]: e for e in events if e.get("change_id")}
        applied: set[str] = set()
        for alias in {e.get("alias") for e in events if e.get("change_id") and e.get("alias")}:
            try:
                pointer = self.alias(alias)
            except (InvalidName, DamagedVersion):
                continue
            current = (pointer or {}).get("change_id")
            while current and current in by_change and current not in applied:
                applied.add(current)
                current = by_change[current].get("previous_change_id")
        for e in events:
            if e.get("change_id"):
                e["applied"] = e["change_id"] in applied
        return events

    # pull and cleanup -----------------------------------------------------------------------------------------
    def pull(self, ref: str, dest: Path) -> tuple[str, Path]:
        """Download a version into a temporary folder beside ``dest``, verify every file's size and sha256 against
        the manifest, then rename it into place. A refused pull leaves ``dest`` as it was. ``dest`` must be new,
        empty, or a folder an earlier pull made (it is replaced whole)."""
        version = self.resolve(ref)
        manifest = self.manifest(version)
        prefix = version_prefix(self.model, version)
        dest = Path(dest).expanduser().absolute()
        if dest.exists() and not dest.is_dir():
            raise RegistryError(f"{dest} exists and is not a folder: pull into a new folder, an empty one, or one an "
                                "earlier pull made")
        if dest.is_dir() and any(dest.iterdir()) and not (dest / "manifest.json").is_file():
            raise RegistryError(f"{dest} holds other files (no manifest.json of an earlier pull): pull into a new or "
                                "empty folder")
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.pull-", dir=dest.parent))
        except OSError as exc:
            raise RegistryError(f"cannot create a folder beside {dest}: {exc.strerror or exc}") from None
        try:
            for name, entry in manifest["files"].items():
                key = f"{prefix}/{_check_file_name(name)}"
                target = tmp / name
                try:
                    self.store.download(key, target)
                except NotFound:
                    raise DamagedVersion(
                        f"{self.model}:{version} is damaged: {self.store.url(key)} is missing from the store; "
                        f"nothing was changed in {dest}. Restore the file or publish again under a new id") from None
                if target.stat().st_size != entry["size"] or sha256_file(target) != entry["sha256"]:
                    raise DamagedVersion(f"{self.model}:{version}/{name} does not match its manifest checksum "
                                         f"({self.store.url(key)}); nothing was changed in {dest}")
            (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2))
            if dest.exists():
                old = dest.parent / f".{dest.name}.old-{uuid.uuid4().hex[:8]}"
                os.rename(dest, old)
                os.rename(tmp, dest)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.rename(tmp, dest)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            raise RegistryError(f"could not write the pull into {dest}: {exc.strerror or exc}") from None
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return version, dest

    def orphans(self) -> list[str]:
        """Uploads that have no manifest: version folders with files but no manifest, and claims not published
        (a publish that is running, or died, possibly before its first file was complete)."""
        base = f"{self.base}/versions/"
        seen: dict[str, bool] = {}
        for key in self.store.list(base):
            version = key[len(base) :].split("/", 1)[0]
            seen[version] = seen.get(version, False) or key.endswith(f"{version}/manifest.json")
        claims = f"{self.base}/claims/"
        for key in self.store.list(claims):
            version = key[len(claims) :][: -len(".json")]
            if key.endswith(".json") and version not in seen:  # a claim whose upload has no complete file yet
                try:
                    state = json.loads(self.store.get_bytes(key)).get("state")
                except (NotFound, ValueError):
                    continue
                if state in ("uploading", "committing"):
                    seen[version] = self.store.exists(f"{base}{version}/manifest.json")
        return sorted(v for v, has_manifest in seen.items() if not has_manifest)

    def cleanup(self, older_than_s: float = STALE_AFTER_S) -> CleanupReport:
        """Remove uploads that died: those whose claim is ``abandoned``, or has not moved for ``older_than_s``
        (the claim is marked abandoned by compare-and-swap first, so a publisher that is still moving wins and is
        kept), or, with no claim (published by older code), whose newest file is older than ``older_than_s``.
        Also removes ``.tmp-*`` files and aborts S3 multipart uploads under the model older than ``older_than_s``.
        Claims are kept: a version id is never reused."""
        report = CleanupReport()
        now = time.time()
        for version in self.orphans():
            prefix = f"{self.base}/versions/{version}"
            claim_key = f"{self.base}/claims/{version}.json"
            got = self.store.get_with_etag(claim_key)
            if got is not None:
                try:
                    claim = json.loads(got[0])
                except ValueError:
                    claim = {}
                info = self.store.stat(claim_key)
                age = now - info.mtime if info else float("inf")
                if claim.get("state") != "abandoned":
                    if age < older_than_s:
                        report.kept.append(version)
                        continue
                    body = {**claim, "state": "abandoned", "abandoned_at": _now(), "abandoned_by": actor()}
                    try:
                        self.store.put_bytes(claim_key, json.dumps(body, indent=2).encode(), if_match=got[1])
                    except PreconditionFailed:  # the publisher moved meanwhile: it is alive
                        report.kept.append(version)
                        continue
            else:
                keys = list(self.store.list(prefix + "/"))
                mtimes = [i.mtime for i in (self.store.stat(k) for k in keys) if i is not None]
                if mtimes and now - max(mtimes) < older_than_s:
                    report.kept.append(version)
                    continue
            if self.store.exists(f"{prefix}/manifest.json"):  # published after all (older code had no claim)
                continue
            for key in list(self.store.list(prefix + "/")):
                self.store.delete(key)
            report.partials += self.store.remove_partials(prefix + "/", 0)
            if hasattr(self.store, "remove_empty_dirs"):
                self.store.remove_empty_dirs(prefix)
            self._audit("cleanup-orphan", version=version, older_than_s=older_than_s)
            report.removed.append(version)
        report.partials += self.store.remove_partials(f"{self.base}/versions/", older_than_s)
        return report

    def cleanup_orphans(self, older_than_s: float = STALE_AFTER_S) -> list[str]:
        return self.cleanup(older_than_s).removed
