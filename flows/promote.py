"""Promote a registry version to an alias (a form in the Prefect UI for product teams)."""

from __future__ import annotations

from prefect import flow
from pydantic import BaseModel, Field

from alignment.config import StoreSettings
from alignment.paths import default_store_uri
from tasks.registry import promote as promote_task


class PromoteRequest(BaseModel):
    model: str = Field(description="Registry model name, e.g. singalign-smollm2-135m")
    version: str = Field(description="Version id to promote")
    alias: str = Field("production", description="Alias to move (production, staging, candidate, …)")
    reason: str = Field("", description="Why; required with override")
    override: bool = Field(False, description="Promote although the version did not pass its gate")
    store: StoreSettings = Field(default_factory=StoreSettings, description="Where the registry lives")


@flow(name="promote", flow_run_name="promote-{request.model}-{request.version}")
def promote(request: PromoteRequest) -> dict:
    store = request.store if request.store.uri else request.store.model_copy(update={"uri": default_store_uri()})
    return promote_task(store, request.model, request.version, request.alias, request.reason, request.override)

