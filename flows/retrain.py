"""The retraining pipeline: validate → train each stage of the method (default SFT → KTO-S) → evaluate base and
candidate → gate → publish."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow
from prefect.runtime import flow_run
from pydantic import BaseModel, Field

from alignment.config import default_cache_dir, load_config
from alignment.data.sources import materialise
from alignment.training.stages import method_stages
from tasks.evaluate import evaluate, prepare_scorer
from tasks.gate import gate
from tasks.publish import publish
from tasks.train import prepare_base_model, train_stage
from tasks.validate import validate_batch

DEFAULT_CONFIG = str(Path(__file__).resolve().parent.parent / "configs" / "demo.yaml")


class RetrainResult(BaseModel):
    passed: bool
    verdict: str
    base_toxicity: float
    candidate_toxicity: float
    scorer_f1: float
    dataset_version: str
    version: str | None = None
    version_uri: str | None = None
    decision: dict[str, Any] = Field(default_factory=dict)
    run_dir: str


@flow(name="retrain")
def retrain(
    config_path: str = DEFAULT_CONFIG,
    overrides: dict[str, Any] | None = None,
    data: list[str] | None = None,
) -> RetrainResult:
    """Retrain the safety adapter on a batch and publish it if it passes the gate.

    config_path: YAML under configs/; overrides: dotted keys, e.g. {"training.sft.max_steps": 5};
    data: files or folders of incoming JSONL (default: the config's data.train).
    """
    cfg = load_config(config_path, overrides or {})
    run_dir = default_cache_dir() / "runs" / str(flow_run.get_id() or "local")

    dataset = validate_batch(cfg, materialise(data, cfg.store, default_cache_dir()) if data else None).dataset
    base = prepare_base_model(cfg)
    candidate = None
    for stage in method_stages(cfg.training.method):
        candidate = train_stage.with_options(task_run_name=f"train-{stage}")(cfg, dataset, base, stage, candidate)

    quality = prepare_scorer(cfg)
    base_tox = evaluate(cfg, base, None, "base", run_dir)
    cand_tox = evaluate(cfg, base, candidate.adapter_dir, "candidate", run_dir)
    outcome = gate(cfg, base_tox, cand_tox, quality, run_dir)

    published = None
    if outcome.decision.passed:
        run_info = {"flow_run_id": str(flow_run.get_id()), "flow_run_name": flow_run.get_name()}
        published = publish(cfg, candidate.adapter_dir, base, dataset, outcome, run_info)
    return RetrainResult(
        passed=outcome.decision.passed,
        verdict=outcome.decision.verdict,
        base_toxicity=base_tox.toxicity_rate,
        candidate_toxicity=cand_tox.toxicity_rate,
        scorer_f1=quality.f1,
        dataset_version=dataset.version,
        version=published.version if published else None,
        version_uri=published.uri if published else None,
        decision=outcome.decision.to_dict(),
        run_dir=str(run_dir),
    )
