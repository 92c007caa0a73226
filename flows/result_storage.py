"""Where Prefect keeps task and flow results: the configured store, under ``prefect-results/``.

Results are small (paths, URIs, metrics; never models), and persisting them keeps every task's return value
readable after the worker that produced it is gone.
`make deploy` saves the block this module builds (prefect-aws's ``S3Bucket`` for an ``s3://`` store, a
``LocalFileSystem`` for a folder) and every deployment in deployments/prefect.yaml sets
``PREFECT_RESULTS_PERSIST_BY_DEFAULT=true`` and ``PREFECT_DEFAULT_RESULT_STORAGE_BLOCK=<slug>`` for its runs.

No credentials go into the block: workers use the usual AWS chain (environment, profile, instance role).
"""

from __future__ import annotations

from pathlib import Path

from alignment.config import StoreSettings

RESULTS_FOLDER = "prefect-results"
DEFAULT_BLOCK_NAME = "singalign-results"


def result_storage_block(store: StoreSettings):
    """An unsaved Prefect storage block for ``store`` (``store.uri`` must be resolved, as `load_config` does)."""
    if store.uri is None:
        raise ValueError("store.uri is not set; load the config with load_config() so it gets its default")
    if store.is_s3:
        from prefect_aws import AwsCredentials, S3Bucket
        from prefect_aws.client_parameters import AwsClientParameters

        bucket, _, prefix = store.uri[len("s3://") :].partition("/")
        folder = "/".join(part for part in (prefix.strip("/"), RESULTS_FOLDER) if part)
        client = AwsClientParameters(endpoint_url=store.endpoint_url) if store.endpoint_url else AwsClientParameters()
        credentials = AwsCredentials(region_name=store.region, aws_client_parameters=client)
        return S3Bucket(bucket_name=bucket, bucket_folder=folder, credentials=credentials)
    from prefect.filesystems import LocalFileSystem

    return LocalFileSystem(basepath=str(Path(store.uri) / RESULTS_FOLDER))


def save_result_storage(store: StoreSettings, name: str = DEFAULT_BLOCK_NAME) -> str:
    """Save (or overwrite) the block on the Prefect server in use; returns the slug workers are given."""
    block = result_storage_block(store)
    block.save(name, overwrite=True)
    return f"{block.get_block_type_slug()}/{name}"
