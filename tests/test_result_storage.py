"""Task results persist to the configured store: prefect-aws's S3Bucket block against moto's HTTP endpoint for an
s3:// store, a LocalFileSystem block for a folder; saved on a real Prefect API, selected the way deployments select
it (PREFECT_RESULTS_PERSIST_BY_DEFAULT + PREFECT_DEFAULT_RESULT_STORAGE_BLOCK), and read back."""

from __future__ import annotations

import pytest
from prefect import flow, task
from prefect.results import ResultStore
from prefect.settings import (
    PREFECT_DEFAULT_RESULT_STORAGE_BLOCK,
    PREFECT_RESULTS_PERSIST_BY_DEFAULT,
    temporary_settings,
)

from alignment.config import StoreSettings
from flows.result_storage import RESULTS_FOLDER, result_storage_block, save_result_storage
from tasks import RESULT_KEY


@task(result_storage_key=RESULT_KEY)  # as every task in tasks/ is declared
def describe_dataset(uri: str) -> dict:
    return {"uri": uri, "rows": 2087}


@flow
def tiny_pipeline(uri: str) -> dict:
    return describe_dataset(uri)


def _run_persisting(slug: str) -> str:
    """Run the flow as a deployment's worker would (the two settings deployments set); the flow result's key."""
    with temporary_settings({PREFECT_RESULTS_PERSIST_BY_DEFAULT: True, PREFECT_DEFAULT_RESULT_STORAGE_BLOCK: slug}):
        state = tiny_pipeline("s3://data/v1", return_state=True)
    assert state.is_completed()
    return state.data.metadata.storage_key  # persisted results come back as metadata naming where they are


def test_results_persist_to_s3_through_the_s3_bucket_block(prefect_harness, s3_endpoint, s3_bucket):
    bucket, client = s3_bucket
    store = StoreSettings(uri=f"s3://{bucket}/team/singalign", endpoint_url=s3_endpoint, region="us-east-1")
    slug = save_result_storage(store, "results-s3-test")
    assert slug == "s3-bucket/results-s3-test"

    key = _run_persisting(slug).rsplit("/", 1)[-1]
    objects = [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert len(objects) == 2, objects  # the task's result and the flow's
    assert all(k.startswith(f"team/singalign/{RESULTS_FOLDER}/") for k in objects), objects
    assert f"team/singalign/{RESULTS_FOLDER}/{key}" in objects
    # Read back through the block, as Prefect does when an operator or a retry asks for the result.
    from prefect_aws import S3Bucket

    reread = ResultStore(result_storage=S3Bucket.load("results-s3-test")).read(key)
    assert reread.result == {"uri": "s3://data/v1", "rows": 2087}


def test_results_persist_to_a_local_store(prefect_harness, tmp_path):
    slug = save_result_storage(StoreSettings(uri=str(tmp_path / "store")), "results-local-test")
    assert slug == "local-file-system/results-local-test"
    key = _run_persisting(slug).rsplit("/", 1)[-1]
    files = {p.name for p in (tmp_path / "store" / RESULTS_FOLDER).iterdir()}
    assert len(files) == 2 and key in files, (key, files)


def test_the_s3_block_carries_no_credentials():
    block = result_storage_block(StoreSettings(uri="s3://bucket", endpoint_url="http://minio:9000"))
    assert block.bucket_name == "bucket" and block.bucket_folder == RESULTS_FOLDER
    assert block.credentials.aws_access_key_id is None and block.credentials.aws_secret_access_key is None
    assert block.credentials.aws_client_parameters.endpoint_url == "http://minio:9000"


def test_an_unresolved_store_is_a_clear_error():
    with pytest.raises(ValueError, match="store.uri is not set"):
        result_storage_block(StoreSettings())


def test_every_project_task_writes_its_result_under_its_run_id():
    import importlib
    import pkgutil

    import tasks
    from prefect import Task

    found = []
    for info in pkgutil.iter_modules(tasks.__path__):
        module = importlib.import_module(f"tasks.{info.name}")
        found += [t for t in vars(module).values() if isinstance(t, Task) and t.__module__ == module.__name__]
    assert len(found) >= 15
    for t in found:
        assert t.result_storage_key == RESULT_KEY and t.persist_result is True and t.cache_policy is None, t.name
