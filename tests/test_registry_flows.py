"""Product-team interfaces to the registry: the promote/rollback Prefect flows and the `singalign registry` CLI."""

import json
import os
import subprocess
import sys
from pathlib import Path

from alignment.config import StoreSettings
from alignment.registry import Registry, collect_files, publish_version
from alignment.storage import open_store
from tests.helpers import adapter_dir

ROOT = Path(__file__).resolve().parent.parent


def _seed(settings, tmp_path):
    store = open_store(settings)
    for v, passed in (("v1", True), ("v2", True), ("v3", False)):
        publish_version(store, "demo-model", v, collect_files(adapter_dir(tmp_path, v), {}), {"gate": {"passed": passed}})
    return Registry(store, "demo-model")


def test_promote_and_rollback_flows_on_s3(prefect_harness, s3_endpoint, s3_bucket, tmp_path):
    from flows.promote import PromoteRequest, promote
    from flows.rollback import RollbackRequest, rollback

    bucket, _ = s3_bucket
    settings = StoreSettings(uri=f"s3://{bucket}/reg", endpoint_url=s3_endpoint, region="us-east-1")
    reg = _seed(settings, tmp_path)
    promote(PromoteRequest(model="demo-model", version="v1", store=settings))
    promote(PromoteRequest(model="demo-model", version="v2", store=settings, reason="better F1"))
    state = promote(PromoteRequest(model="demo-model", version="v3", store=settings), return_state=True)
    assert state.is_failed() and "did not pass its gate" in str(state.message)
    assert reg.alias("production")["version"] == "v2"
    rollback(RollbackRequest(model="demo-model", store=settings, reason="regression report"))
    assert reg.alias("production")["version"] == "v1"
    assert [e["action"] for e in reg.history() if e["action"] != "publish"] == ["promote", "promote", "rollback"]


def _cli(*args):
    env = {**os.environ, "COLUMNS": "220"}  # rich tables are cut to 80 columns when not on a terminal
    return subprocess.run(
        [sys.executable, "-m", "singalign.cli", "registry", *args], capture_output=True, text=True, cwd=ROOT, env=env
    )


def test_registry_cli_against_a_local_store(tmp_path):
    settings = StoreSettings(uri=str(tmp_path / "store"))
    _seed(settings, tmp_path)
    store = ["--store", settings.uri]
    assert _cli("promote", "demo-model", "v1", *store).returncode == 0
    refused = _cli("promote", "demo-model", "v3", *store)
    assert refused.returncode == 1 and "did not pass its gate" in refused.stderr
    assert _cli("promote", "demo-model", "v3", "--override", "--reason", "incident 42", *store).returncode == 0
    listing = _cli("list", "demo-model", *store)
    assert listing.returncode == 0 and "v3" in listing.stdout and "production" in listing.stdout
    shown = _cli("show", "demo-model@production", *store)
    assert json.loads(shown.stdout)["version"] == "v3"
    assert _cli("rollback", "demo-model", *store).returncode == 0
    pulled = _cli("pull", "demo-model@production", str(tmp_path / "out"), *store)
    assert pulled.returncode == 0 and (tmp_path / "out" / "adapter_model.safetensors").read_bytes() == b"v1" * 1000
    history = _cli("history", "demo-model", *store)
    assert "promote-override" in history.stdout and "incident 42" in history.stdout
    assert _cli("list", "../etc", *store).returncode == 2
    (tmp_path / "store" / "registry" / "demo-model" / "versions" / "half").mkdir()
    (tmp_path / "store" / "registry" / "demo-model" / "versions" / "half" / "adapter_model.safetensors").write_bytes(b"x")
    cleaned = _cli("cleanup", "demo-model", "--older-than", "0", *store)
    assert cleaned.returncode == 0 and "half" in cleaned.stdout
    assert not (tmp_path / "store" / "registry" / "demo-model" / "versions" / "half" / "adapter_model.safetensors").exists()
