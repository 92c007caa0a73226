"""Human approval: the flow pauses on a real Prefect API and an operator's input resumes it (or time runs out)."""

import threading
import time
from pathlib import Path

import pytest
from prefect import flow

from alignment.config import load_config
from flows.retrain import await_approval

ROOT = Path(__file__).resolve().parent.parent


@flow(name="approval-probe")
def approval_probe(timeout_s: int):
    cfg = load_config(ROOT / "configs" / "demo.yaml", {"gate.require_approval": True, "gate.approval_timeout_s": timeout_s})
    return await_approval(cfg, "Promote: every criterion passed.")


def _paused_run(started_after: float, deadline_s: float = 60):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterState, FlowRunFilterStateType
    from prefect.client.schemas.objects import StateType
    from prefect.client.schemas.sorting import FlowRunSort

    end = time.monotonic() + deadline_s
    with get_client(sync_client=True) as client:
        while time.monotonic() < end:
            # Prefect 3.8's client sends unset arguments as nulls, which its server rejects: pass them all.
            runs = client.read_flow_runs(flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PAUSED]))),
                sort=FlowRunSort.START_TIME_DESC, limit=10, offset=0)
            runs = [r for r in runs if r.name and r.start_time and r.start_time.timestamp() >= started_after - 5]
            if runs:
                return runs[0]
            time.sleep(0.5)
    raise AssertionError("the flow never paused")


@pytest.mark.parametrize("approve", [True, False])
def test_an_operator_approves_or_rejects_a_paused_run_with_a_reason(prefect_harness, approve):
    from prefect.flow_runs import resume_flow_run

    result = {}
    started = time.time()
    worker = threading.Thread(target=lambda: result.setdefault("value", approval_probe(600)), daemon=True)
    worker.start()
    run = _paused_run(started)
    # (paused is what _paused_run selected on) it is the probe's run, waiting for an operator's input until the
    # configured gate.approval_timeout_s runs out
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        assert client.read_flow(run.flow_id).name == "approval-probe"
    details = run.state.state_details
    assert details.run_input_keyset is not None and "response" in details.run_input_keyset
    assert 500 < details.pause_timeout.timestamp() - time.time() <= 600
    resume_flow_run(run.id, run_input={"approve": approve, "reason": "checked the report"})
    worker.join(timeout=120)
    approved, record = result["value"]
    assert approved is approve and record["reason"] == "checked the report"
    assert record["summary"].startswith("Approved" if approve else "Rejected")


def test_no_answer_in_time_rejects(prefect_harness):
    approved, record = approval_probe(3)
    assert approved is False and record["reason"] == "timeout"
