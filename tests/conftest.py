"""Shared fixtures: offline environment, the real embedded model, a moto S3 server over HTTP, a Prefect harness."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import TINY, free_port  # noqa: F401 (TINY: what the flow tests override)

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("SINGALIGN_CACHE", str(ROOT / ".cache" / "singalign"))
os.environ.setdefault("PREFECT_HOME", str(ROOT / ".cache" / "prefect-test"))
# Prefect creates its home without parents on import: on a fresh clone .cache/ does not exist yet.
Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)
for key, value in {
    "HF_HUB_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "PREFECT_LOGGING_EXTRA_LOGGERS": "alignment",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "false",
    # alignment's loggers also go to Prefect's API handler; outside a flow run it has nowhere to send them
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}.items():
    os.environ.setdefault(key, value)

# Under pytest-xdist each worker gets its share of the cores (torch and the processes tests start), instead of
# every worker running one thread per core and all of them contending.
if os.environ.get("PYTEST_XDIST_WORKER_COUNT"):
    _threads = str(max(1, (os.cpu_count() or 1) // int(os.environ["PYTEST_XDIST_WORKER_COUNT"])))
    for _key in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_key, _threads)

@pytest.fixture(scope="session")
def base_model():
    from alignment.config import BaseModelSettings, default_cache_dir
    from alignment.models import resolve_base_model

    return resolve_base_model(BaseModelSettings(), default_cache_dir())


class _SerialWrites:
    """Real S3 applies a conditional write (If-Match, If-None-Match) atomically. moto's server (5.2) checks the
    condition and then writes, unlocked, on a thread per request, so two writers can both pass the check and one
    update is lost: the 30-process promotion test saw that once. Writes to the test server are serialised here so
    it keeps S3's guarantee; reads stay concurrent, and the registry's own compare-and-swap is what is tested."""

    def __init__(self, app):
        import threading

        self.app, self.lock = app, threading.Lock()

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") not in ("PUT", "POST", "DELETE"):
            return self.app(environ, start_response)
        with self.lock:
            return list(self.app(environ, start_response))


@pytest.fixture(scope="session")
def s3_endpoint():
    """A real S3 HTTP endpoint: moto's server on 127.0.0.1, started and stopped here."""
    from moto.server import ThreadedMotoServer

    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    port = free_port()
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per S3 request drowns test output
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    server._server.app = _SerialWrites(server._server.app)  # werkzeug reads the app per request
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint, request):
    import boto3

    import re
    import uuid

    name = ("t-" + re.sub(r"[^a-z0-9-]+", "-", request.node.name.lower())[:40]).strip("-") + "-" + uuid.uuid4().hex[:6]
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=name)
    return name, client


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    """The same tests run against both backends: a local folder and S3 over HTTP."""
    from alignment.config import StoreSettings
    from alignment.storage import LocalStore, open_store

    if request.param == "local":
        return LocalStore(tmp_path / "store")
    endpoint = request.getfixturevalue("s3_endpoint")
    bucket, _ = request.getfixturevalue("s3_bucket")
    return open_store(StoreSettings(uri=f"s3://{bucket}/prefix", endpoint_url=endpoint, region="us-east-1"))


# Under pytest-xdist (--dist=loadfile) a test file is the unit of work. xdist hands files out largest test count
# first by default, which left the few-test, minutes-long files (the retrain flow, the real Prefect server) to the
# end, one worker running them while the other sat idle (80-150 s of a fresh-clone run). With
# --no-loadscope-reorder (pyproject.toml) they go out in collection order, and this puts the longest first
# (ranked by their seconds in a fresh-clone run on 2 cores, session 11); the other files keep their order after them.
LONGEST_FIRST = ("test_flow_e2e.py", "test_judge.py", "test_deployments.py", "test_methods.py", "test_evaluate_cli.py",
                 "test_compare.py", "test_faults.py", "test_training.py", "test_intake.py", "test_validation.py",
                 "test_registry_flows.py", "test_result_storage.py")


def pytest_collection_modifyitems(session, config, items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: order within a file is kept
