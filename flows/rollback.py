"""Roll an alias back to the version it pointed at before (a form in the Prefect UI for product teams)."""

from __future__ import annotations

from prefect import flow
from pydantic import BaseModel, Field

from alignment.config import StoreSettings
from alignment.paths import default_store_uri
from tasks.registry import rollback as rollback_task


class RollbackRequest(BaseModel):
    model: str = Field(description="Registry model name")
    alias: str = Field("production", description="Alias to move back")
    reason: str = Field("", description="Why (recorded in the audit log; required with override)")
    override: bool = Field(False, description="Roll back to a version that did not pass its gate")
    store: StoreSettings = Field(default_factory=StoreSettings, description="Where the registry lives")


@flow(name="rollback", flow_run_name="rollback-{request.model}-{request.alias}")
def rollback(request: RollbackRequest) -> dict:
    store = request.store if request.store.uri else request.store.model_copy(update={"uri": default_store_uri()})
    return rollback_task(store, request.model, request.alias, request.reason, request.override)
