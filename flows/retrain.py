"""The retraining pipeline: validate → train each stage of the method (default SFT → KTO-S) → evaluate base and
candidate → gate → publish."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow
from prefect.input import RunInput
from prefect.runtime import flow_run
from pydantic import BaseModel, Field

from alignment.config import default_cache_dir, load_config
from alignment.data.sources import materialise
from alignment.metrics import HEADLINE
from alignment.paths import DEFAULT_CONFIG, project_path
from alignment.pipeline import train_stages
from tasks.evaluate import evaluate, prepare_instruments, production_adapter
from tasks.gate import gate
from tasks.publish import publish
from tasks.train import prepare_base_model, train_stage, training_curves
from tasks.validate import load_dataset_version, validate_batch

# Config paths in parameters are relative to the project root (wherever the worker runs from).
resolve_config_path = project_path  # (the name flows/compare_methods imports)


class RetrainResult(BaseModel):
    passed: bool
    verdict: str
    base_attack_success: float
    candidate_attack_success: float
    judge_quality: dict[str, Any] = Field(default_factory=dict)
    hand_check: list[str] = Field(default_factory=list)  # the run's figures against hand labels (markdown lines)
    scorer_f1: float
    dataset_version: str
    version: str | None = None
    version_uri: str | None = None
    decision: dict[str, Any] = Field(default_factory=dict)
    metrics: dict[str, Any] = Field(default_factory=dict)
    approval: dict[str, Any] | None = None
    run_dir: str


class Approval(RunInput):
    """What an operator answers in the Prefect UI when ``gate.require_approval`` pauses a run."""

    approve: bool = Field(False, description="Publish this candidate to the registry?")
    reason: str = Field("", description="Why; kept with the published version and in the run's result")


def await_approval(cfg, verdict: str) -> tuple[bool, dict[str, Any]]:
    """Pause the run until an operator approves or rejects in the Prefect UI; no answer in time rejects."""
    from prefect.exceptions import FlowPauseTimeout
    from prefect.flow_runs import pause_flow_run
    from prefect.logging import get_run_logger

    logger = get_run_logger()
    logger.info("gate passed; waiting up to %ds for an operator's approval (Resume in the Prefect UI)",
                cfg.gate.approval_timeout_s)
    form = Approval.with_initial_data(description=f"**The gate passed.** {verdict}\n\nPublish this candidate?")
    try:
        answer = pause_flow_run(wait_for_input=form, timeout=cfg.gate.approval_timeout_s, poll_interval=2)
    except FlowPauseTimeout:
        summary = f"Rejected: no approval within {cfg.gate.approval_timeout_s} s."
        logger.warning(summary)
        return False, {"approved": False, "reason": "timeout", "summary": summary}
    summary = f"{'Approved' if answer.approve else 'Rejected'} by an operator: {answer.reason or '(no reason given)'}"
    logger.info(summary)
    return answer.approve, {"approved": answer.approve, "reason": answer.reason, "summary": summary}


class RetrainRequest(BaseModel):
    """The retrain flow's parameters (the Prefect UI shows them as a form)."""

    config_path: str = Field(DEFAULT_CONFIG, description="YAML config, relative to the project root or absolute")
    overrides: dict[str, Any] = Field(default_factory=dict,
                                      description='Dotted config keys, e.g. {"training.sft.max_steps": 5}')
    data: list[str] | None = Field(None, description="Incoming JSONL files, folders or s3:// prefixes to validate "
                                   "and train on (default: the config's data.train)")
    dataset_sha256: str | None = Field(None, description="Train on an already accepted dataset version instead "
                                       "(what the retrain-on-new-data trigger passes)")


def _name_run(cfg, dataset_version: str) -> None:
    """Flow run names carry the model, method and dataset version, so the runs list reads like a history."""
    run_id = flow_run.get_id()
    if not run_id:
        return
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        client.update_flow_run(run_id, name=f"{cfg.model_name} {cfg.training.method} data-{dataset_version}")


@flow(name="retrain")
def retrain(request: RetrainRequest | None = None) -> RetrainResult:
    """Retrain the safety adapter on a batch (or a stored dataset version) and publish it if it passes the gate."""
    request = request or RetrainRequest()
    cfg = load_config(resolve_config_path(request.config_path), request.overrides)
    run_dir = default_cache_dir() / "runs" / str(flow_run.get_id() or "local")

    if request.dataset_sha256:
        dataset = load_dataset_version(cfg, request.dataset_sha256)
    else:
        paths = materialise(request.data, cfg.store, default_cache_dir()) if request.data else None
        dataset = validate_batch(cfg, paths).dataset
    _name_run(cfg, dataset.version)
    base = prepare_base_model(cfg)
    stages = train_stages(cfg, dataset, base, train_one=lambda cfg, dataset, base, stage, previous: train_stage
                          .with_options(task_run_name=f"train-{stage}")(cfg, dataset, base, stage, previous))
    candidate = stages[-1]
    curves = training_curves(stages, run_dir)

    quality = prepare_instruments(cfg)
    base_eval = evaluate(cfg, base, None, "base", run_dir)
    cand_eval = evaluate(cfg, base, candidate.adapter_dir, "candidate", run_dir)
    production = production_adapter(cfg) if cfg.gate.compare_with_production else None
    prod_eval = evaluate(cfg, base, production[1], "production", run_dir, production[0]) if production else None
    outcome = gate(cfg, base_eval, cand_eval, quality, run_dir, prod_eval)

    passed, approval = outcome.decision.passed, None
    if passed and cfg.gate.require_approval:
        passed, approval = await_approval(cfg, outcome.decision.verdict)
    published = None
    if passed:
        run_info = {"flow_run_id": str(flow_run.get_id()), "flow_run_name": flow_run.get_name(), "approval": approval}
        published = publish(cfg, candidate.adapter_dir, base, dataset, outcome, run_info, {"training_curves.png": curves})
    return RetrainResult(
        passed=passed,
        verdict=outcome.decision.verdict if approval is None else f"{outcome.decision.verdict} {approval['summary']}",
        base_attack_success=base_eval.metrics.rate(HEADLINE.key).rate,
        candidate_attack_success=cand_eval.metrics.rate(HEADLINE.key).rate,
        judge_quality=quality.judge.to_dict(),
        hand_check=outcome.hand_check,
        metrics={e.metrics.label: e.metrics.to_dict() for e in (base_eval, cand_eval, prod_eval) if e},
        approval=approval,
        scorer_f1=quality.scorer.f1,
        dataset_version=dataset.version,
        version=published.version if published else None,
        version_uri=published.uri if published else None,
        decision=outcome.decision.to_dict(),
        run_dir=str(run_dir),
    )
