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
from alignment.training.stages import method_stages
from tasks.evaluate import evaluate, prepare_scorer, production_adapter
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
        published = publish(cfg, candidate.adapter_dir, base, dataset, outcome, run_info)
    return RetrainResult(
        passed=passed,
        verdict=outcome.decision.verdict if approval is None else f"{outcome.decision.verdict} {approval['summary']}",
        base_toxicity=base_eval.metrics.redteam_toxicity,
        candidate_toxicity=cand_eval.metrics.redteam_toxicity,
        metrics={e.metrics.label: e.metrics.to_dict() for e in (base_eval, cand_eval, prod_eval) if e},
        approval=approval,
        scorer_f1=quality.f1,
        dataset_version=dataset.version,
        version=published.version if published else None,
        version_uri=published.uri if published else None,
        decision=outcome.decision.to_dict(),
        run_dir=str(run_dir),
    )
