"""Publish an approved adapter to the registry (local folder or S3)."""

from __future__ import annotations

from prefect import task
from prefect.artifacts import create_link_artifact
from tasks import RESULT_KEY
from prefect.logging import get_run_logger

from alignment import pipeline
from alignment.config import SingAlignConfig
from alignment.data.dataset import DatasetRef
from alignment.models import ResolvedModel
from alignment.registry import PublishedVersion


@task(name="publish-adapter", result_storage_key=RESULT_KEY, retries=2, retry_delay_seconds=[5, 30])
def publish(
    cfg: SingAlignConfig,
    adapter_dir: str,
    base: ResolvedModel,
    dataset: DatasetRef,
    outcome: pipeline.GateOutcome,
    run_info: dict,
    extra_files: dict[str, str] | None = None,
) -> PublishedVersion:
    published = pipeline.publish_candidate(cfg, adapter_dir, base, dataset, outcome, run_info, extra_files)
    create_link_artifact(
        key="published-version",
        link=published.uri if "://" in published.uri else f"file://{published.uri}",
        link_text=f"{published.model}:{published.version}",
        description="Published adapter version",
    )
    get_run_logger().info("published %s:%s at %s", published.model, published.version, published.uri)
    return published
