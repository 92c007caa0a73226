"""Registry changes (promotion, rollback) as tasks that leave a markdown artifact of what changed."""

from __future__ import annotations

from prefect import task
from prefect.artifacts import create_markdown_artifact
from tasks import RESULT_KEY
from prefect.logging import get_run_logger

from alignment.config import StoreSettings
from alignment.registry import Registry
from alignment.storage import open_store


def _registry(store: StoreSettings, model: str) -> Registry:
    return Registry(open_store(store), model)


def _record(model: str, alias: str, before: str | None, after: str, action: str, reason: str) -> None:
    create_markdown_artifact(
        key="registry-change",
        markdown=f"## {action}: `{model}@{alias}`\n\n| | version |\n|---|---|\n| before | {before or '—'} |\n"
        f"| after | {after} |\n\nReason: {reason or '—'}",
        description=f"{action} {model}@{alias}",
    )
    get_run_logger().info("%s %s@%s: %s → %s", action, model, alias, before, after)


@task(name="promote-version", result_storage_key=RESULT_KEY, retries=2, retry_delay_seconds=[2, 10])
def promote(store: StoreSettings, model: str, version: str, alias: str, reason: str, override: bool) -> dict:
    reg = _registry(store, model)
    before = (reg.alias(alias) or {}).get("version")
    new = reg.promote(version, alias, reason=reason, override=override)
    _record(model, alias, before, new["version"], "promote" + (" (override)" if override else ""), reason)
    return new


@task(name="rollback-alias", result_storage_key=RESULT_KEY, retries=2, retry_delay_seconds=[2, 10])
def rollback(store: StoreSettings, model: str, alias: str, reason: str, override: bool = False) -> dict:
    reg = _registry(store, model)
    before = (reg.alias(alias) or {}).get("version")
    new = reg.rollback(alias, reason=reason, override=override)
    _record(model, alias, before, new["version"], "rollback" + (" (override)" if override else ""), reason)
    return new
