"""Helpers shared by tests (not fixtures)."""

from __future__ import annotations


def run_artifacts(flow_run_id) -> dict:
    """A flow run's artifacts by key (the newest of each key)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, FlowRunFilter, TaskRunFilter
    from prefect.client.schemas.sorting import ArtifactSort

    with get_client(sync_client=True) as client:
        # Prefect 3.8's client sends unset arguments as nulls, which its server rejects: pass them all.
        arts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])),
            flow_run_filter=FlowRunFilter(),
            task_run_filter=TaskRunFilter(),
            sort=ArtifactSort.CREATED_DESC,
            limit=100,
            offset=0,
        )
    out: dict = {}
    for a in arts:
        out.setdefault(a.key, a)
    return out
