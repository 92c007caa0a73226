"""Evaluate an adapter (a folder or a registry version) against the base and the production version, with the
same metrics, gate criteria and report as the retrain flow, without publishing anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow
from prefect.runtime import flow_run

from alignment.config import default_cache_dir, load_config
from alignment.paths import DEFAULT_CONFIG, project_path
from tasks.evaluate import evaluate, prepare_instruments, production_adapter, resolve_adapter
from tasks.gate import gate
from tasks.train import prepare_base_model


@flow(name="evaluate")
def evaluate_adapter(adapter: str, config_path: str = DEFAULT_CONFIG, overrides: dict[str, Any] | None = None,
                     out_dir: str | None = None) -> dict[str, Any]:
    """adapter: a local adapter folder, or a version id / alias in the config's registry."""
    cfg = load_config(project_path(config_path), overrides or {})
    run_dir = Path(out_dir) if out_dir else default_cache_dir() / "runs" / str(flow_run.get_id() or "local")
    version, folder = resolve_adapter(cfg, adapter)
    base = prepare_base_model(cfg)
    quality = prepare_instruments(cfg)
    base_eval = evaluate(cfg, base, None, "base", run_dir)
    cand_eval = evaluate(cfg, base, folder, "candidate", run_dir, version)
    production = production_adapter(cfg) if cfg.gate.compare_with_production else None
    prod_eval = None
    if production and production[0] != version:
        prod_eval = evaluate(cfg, base, production[1], "production", run_dir, production[0])
    outcome = gate(cfg, base_eval, cand_eval, quality, run_dir, prod_eval)
    return {"passed": outcome.decision.passed, "verdict": outcome.decision.verdict,
            "metrics": {e.metrics.label: e.metrics.to_dict() for e in (base_eval, cand_eval, prod_eval) if e},
            "decision": outcome.decision.to_dict(), "report": outcome.report_path, "run_dir": str(run_dir),
            "judge_quality": quality.judge.to_dict(), "hand_check": outcome.hand_check}
