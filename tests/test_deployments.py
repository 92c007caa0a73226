"""A real Prefect server: `prefect server start` on 127.0.0.1 with a temporary SQLite database, `make deploy`
(work pools from deployments/work-pools/, every deployment in deployments/prefect.yaml), a process worker, then
`validate-batch` through the API, whose accepted-batch event starts a tiny `retrain-on-new-data` run on the
worker. Checks the runs, their artifacts, the published version, the schedule and the trigger; stops the worker
and the server by their PIDs. Takes a few minutes; `make e2e` runs only this."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml

from tests.helpers import TINY, free_port

ROOT = Path(__file__).resolve().parent.parent
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def _start(cmd: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _tiny_config(tmp: Path) -> Path:
    """The demo config with the test suite's tiny settings, a temporary store and a gate that lets it publish (a floor
    of 1.0 replaces the relative reduction, meaningless after 3 training steps, by the absolute rate)."""
    from alignment.config import load_config

    overrides = dict(o.split("=", 1) for o in TINY)
    overrides = {k: yaml.safe_load(v) for k, v in overrides.items()}
    overrides.update({"store.uri": str(tmp / "store"), "gate.harm_floor": 1.0,
                      "gate.max_attack_success": 1.0, "gate.max_toxicity_rate": 1.0,
                      "gate.max_generalisation_increase": 1.0,
                      "gate.max_benchmark_regression": 100.0, "gate.max_over_refusal": 1.0,
                      "gate.max_over_refusal_increase": 1.0, "data.drift.enabled": False})
    cfg = load_config(ROOT / "configs" / "demo.yaml", overrides)
    path = tmp / "e2e.yaml"
    path.write_text(yaml.safe_dump(cfg.model_dump(mode="json"), sort_keys=False))
    return path


@pytest.fixture
def prefect_server(tmp_path):
    port = free_port()
    home = tmp_path / "prefect-home"
    home.mkdir()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
           "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home}/prefect.db",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false"}
    server = _start([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                    env, tmp_path / "server.log")
    api = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert server.poll() is None, (tmp_path / "server.log").read_text()[-3000:]
        time.sleep(1)
    else:
        _stop(server)
        pytest.fail("the Prefect server did not start within 180 s")
    try:
        yield api, env
    finally:
        _stop(server)


def _runs(api: str, deployment_id: str) -> list[dict]:
    body = {"deployments": {"id": {"any_": [deployment_id]}}, "sort": "START_TIME_DESC", "limit": 10, "offset": 0}
    return httpx.post(f"{api}/flow_runs/filter", json=body, timeout=10).json()


def _wait_for_run(api: str, deployment_id: str, timeout: float, log: Path) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = _runs(api, deployment_id)
        if runs and runs[0]["state_type"] in TERMINAL:
            return runs[0]
        time.sleep(2)
    pytest.fail(f"no finished run of deployment {deployment_id} within {timeout:.0f} s; worker log:\n"
                + log.read_text()[-4000:])


def _artifacts(api: str, flow_run_id: str) -> dict[str, dict]:
    body = {"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}, "sort": "CREATED_DESC", "limit": 100, "offset": 0}
    out: dict[str, dict] = {}
    for a in httpx.post(f"{api}/artifacts/filter", json=body, timeout=10).json():
        out.setdefault(a["key"], a)
    return out


def test_deploy_and_run_against_a_real_prefect_server(prefect_server, tmp_path):
    api, env = prefect_server
    config = _tiny_config(tmp_path)
    env = {**env, "SINGALIGN_HOME": str(ROOT), "SINGALIGN_CONFIG": str(config), "SINGALIGN_TRAIN_POOL": "cpu",
           "SINGALIGN_IMAGE": "singalign-worker:test"}

    deploy = subprocess.run(["make", "--no-print-directory", "deploy"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=600)
    assert deploy.returncode == 0, deploy.stdout[-3000:] + deploy.stderr[-3000:]
    results_block = "local-file-system/singalign-results"
    assert f"task results: {results_block}" in deploy.stdout

    pools = {p["name"]: p for p in httpx.post(f"{api}/work_pools/filter", json={"limit": 50, "offset": 0}).json()}
    assert pools["cpu"]["type"] == "process" and pools["gpu"]["type"] == "kubernetes"
    gpu_vars = pools["gpu"]["base_job_template"]["variables"]["properties"]
    assert {"node_selector", "tolerations", "gpu_count", "image"} <= set(gpu_vars)
    container = pools["gpu"]["base_job_template"]["job_configuration"]["job_manifest"]["spec"]["template"]["spec"]["containers"][0]
    assert container["resources"]["limits"]["nvidia.com/gpu"] == "{{ gpu_count }}"

    written = yaml.safe_load((ROOT / "deployments" / "prefect.yaml").read_text())["deployments"]
    listed = httpx.post(f"{api}/deployments/filter", json={"sort": "NAME_ASC", "limit": 50, "offset": 0}).json()
    deployments = {d["name"]: d for d in listed}
    assert {d["name"] for d in written} == set(deployments)
    assert set(deployments) == {"retrain-weekly", "retrain-on-new-data", "validate-batch", "evaluate", "promote",
                                "rollback"}
    weekly = deployments["retrain-weekly"]
    assert [(s["schedule"]["cron"], s["schedule"]["timezone"], s["active"]) for s in weekly["schedules"]] == [
        ("0 2 * * 1", "Asia/Singapore", True)]
    assert weekly["global_concurrency_limit"]["limit"] == 1
    assert "RetrainRequest" in json.dumps(weekly["parameter_openapi_schema"])  # the UI renders the pydantic form
    automations = httpx.post(f"{api}/automations/filter", json={"sort": "CREATED_DESC", "limit": 50, "offset": 0}).json()
    (trigger,) = [a for a in automations if a["actions"][0].get("deployment_id") == deployments["retrain-on-new-data"]["id"]]
    assert trigger["trigger"]["expect"] == ["singalign.dataset.accepted"]
    assert trigger["actions"][0]["parameters"]["request"]["dataset_sha256"] == "{{ event.payload.dataset_sha256 }}"
    for d in deployments.values():  # every run persists its task results to the store through the saved block
        assert d["job_variables"]["env"] == {"PREFECT_RESULTS_PERSIST_BY_DEFAULT": "true",
                                             "PREFECT_DEFAULT_RESULT_STORAGE_BLOCK": results_block}, d["name"]

    worker_log = tmp_path / "worker.log"
    worker = _start([sys.executable, "-m", "prefect", "worker", "start", "--pool", "cpu", "--type", "process",
                     "--limit", "1"], env, worker_log)
    try:
        flow_run = httpx.post(f"{api}/deployments/{deployments['validate-batch']['id']}/create_flow_run",
                              json={"parameters": {"source": [str(ROOT / "data" / "train")],
                                                   "config_path": str(config)}}).json()
        validated = _wait_for_run(api, deployments["validate-batch"]["id"], 300, worker_log)
        assert validated["id"] == flow_run["id"] and validated["state_type"] == "COMPLETED", validated["state"]
        assert {"validation-checks", "validation-summary"} <= set(_artifacts(api, validated["id"]))

        # The accepted-batch event starts retrain-on-new-data on the worker with the dataset version.
        retrained = _wait_for_run(api, deployments["retrain-on-new-data"]["id"], 900, worker_log)
        assert retrained["state_type"] == "COMPLETED", retrained["state"]
        assert len(retrained["parameters"]["request"]["dataset_sha256"]) == 64
        assert retrained["name"].startswith("singalign-smollm2-135m sft+kto_s data-")
        arts = _artifacts(api, retrained["id"])
        assert {"training-sft", "training-kto-s", "training-curves", "evaluation", "gate-decision",
                "published-version"} <= set(arts), sorted(arts)
        assert arts["training-kto-s"]["data"] == 100.0
    finally:
        _stop(worker)
    versions = list((tmp_path / "store" / "registry" / "singalign-smollm2-135m" / "versions").glob("*/manifest.json"))
    assert len(versions) == 1
    manifest = json.loads(versions[0].read_text())
    assert manifest["dataset"]["sha256"] == retrained["parameters"]["request"]["dataset_sha256"]
    assert "training_curves.png" in manifest["files"]
    # Task results of both runs (dataset refs, stage results, metrics, the gate decision) are files in the store.
    results = list((tmp_path / "store" / "prefect-results").iterdir())
    assert len(results) >= 10, results
    flow_state = httpx.get(f"{api}/flow_runs/{retrained['id']}", timeout=10).json()["state"]
    assert flow_state["data"]["storage_block_id"] == httpx.post(
        f"{api}/block_documents/filter", json={"block_documents": {"name": {"any_": ["singalign-results"]}},
                                               "limit": 1, "offset": 0}, timeout=10).json()[0]["id"]
