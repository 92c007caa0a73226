"""The retraining pipeline's stages as plain functions over the config.

Prefect tasks wrap these one-to-one; the same stages run from a Python shell without Prefect. Stages exchange
paths and small records (never models or tensors), so a retried or resumed stage needs nothing in memory.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import SingAlignConfig, default_cache_dir
from .data.dataset import DatasetRef, load_rows, read_prompts
from .data.intake import IntakeResult, InvalidBatch, accept_batch  # noqa: F401 (InvalidBatch re-exported)
from .evaluation.evaluate import ToxicityResult, evaluate_toxicity
from .evaluation.toxicity import ScorerQuality, load_scorer
from .gate import GateDecision, decide
from .models import ResolvedModel, resolve_base_model, sha256_file
from .registry import PublishedVersion, collect_files, new_version_id, publish_version
from .storage import open_store
from .training.common import StageResult

log = logging.getLogger(__name__)


def validate_data(cfg: SingAlignConfig, paths: list[Path] | None = None, quarantine: bool | None = None) -> IntakeResult:
    """Validate the batch and store it as a dataset version; raise ``InvalidBatch`` when it is rejected."""
    return accept_batch(cfg, list(paths or cfg.data.train), open_store(cfg.store), default_cache_dir(), quarantine)


def prepare_base_model(cfg: SingAlignConfig) -> ResolvedModel:
    return resolve_base_model(cfg.base_model, default_cache_dir())


def train_stage(cfg: SingAlignConfig, dataset: DatasetRef, base: ResolvedModel, stage: str,
                previous: StageResult | None = None) -> StageResult:
    """One stage of ``training.method``, continuing ``previous``'s adapter when given. In this process, or in a child
    process under ``accelerate launch`` (``training.launcher``); checkpoints go to the store when enabled."""
    from .training.stages import run_spec, run_stage_subprocess, spec_for, stage_dir

    previous_adapter = previous.adapter_dir if previous else None
    out = stage_dir(default_cache_dir(), stage, base, dataset.sha256, cfg.training, previous_adapter)
    spec = spec_for(cfg, stage, dataset.local_path, base, out, previous_adapter)
    if cfg.training.launcher.kind == "accelerate":
        return run_stage_subprocess(spec, cfg.training)
    return run_spec(spec)


def train_method(cfg: SingAlignConfig, dataset: DatasetRef, base: ResolvedModel) -> StageResult:
    """Every stage of ``training.method`` in order; the last stage's adapter is the candidate."""
    from .training.stages import method_stages

    result = None
    for stage in method_stages(cfg.training.method):
        result = train_stage(cfg, dataset, base, stage, result)
    assert result is not None
    return result


def scorer_quality(cfg: SingAlignConfig) -> ScorerQuality:
    """Train (once) and report the toxicity scorer's held-out precision/recall/F1."""
    return load_scorer(cfg.scorer, default_cache_dir(), seed=cfg.training.seed).quality


def evaluate_model(
    cfg: SingAlignConfig, base: ResolvedModel, adapter: str | None, label: str, run_dir: Path
) -> ToxicityResult:
    prompts = read_prompts(cfg.evaluation.redteam, limit=cfg.evaluation.limit)
    scorer = load_scorer(cfg.scorer, default_cache_dir(), seed=cfg.training.seed)
    return evaluate_toxicity(
        label,
        base,
        adapter,
        prompts,
        scorer,
        cfg.evaluation.generation,
        run_dir / f"generations-{label}.jsonl",
        seed=cfg.training.seed,
        device=cfg.training.device,
    )


@dataclass
class GateOutcome:
    decision: GateDecision
    metrics: dict[str, Any]
    metrics_path: str
    gate_path: str
    report_path: str


def write_report(decision: GateDecision, base: ToxicityResult, candidate: ToxicityResult, quality: ScorerQuality,
                 run_dir: Path, samples: int = 12) -> Path:
    """A markdown evaluation report: the gate table and side-by-side generations on red-team prompts."""
    lines = ["# SingAlign evaluation report", "", decision.markdown(base.toxicity_rate, candidate.toxicity_rate), "",
             f"Toxicity scorer held-out precision {quality.precision:.3f}, recall {quality.recall:.3f}, "
             f"F1 {quality.f1:.3f} (n={quality.heldout_size}).", "", "## Toxicity by category", "",
             "| category | base | candidate |", "|---|---|---|"]
    for cat in sorted(set(base.by_category) | set(candidate.by_category)):
        lines.append(f"| {cat} | {base.by_category.get(cat, 0):.0%} | {candidate.by_category.get(cat, 0):.0%} |")
    lines += ["", "## Side by side (red-team prompts)", ""]
    pairs = zip(_read_jsonl(run_dir / "generations-base.jsonl"), _read_jsonl(run_dir / "generations-candidate.jsonl"))
    for b, c in list(pairs)[:samples]:
        lines += [f"**{b['category']}** — {b['prompt']}", "",
                  f"- base ({b['toxicity']:.2f}): {_one_line(b['response'])}",
                  f"- candidate ({c['toxicity']:.2f}): {_one_line(c['response'])}", ""]
    path = run_dir / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _one_line(text: str, n: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def gate_candidate(
    cfg: SingAlignConfig,
    base_result: ToxicityResult,
    candidate_result: ToxicityResult,
    quality: ScorerQuality,
    run_dir: Path,
) -> GateOutcome:
    decision = decide(base_result.toxicity_rate, candidate_result.toxicity_rate, cfg.gate)
    metrics = {
        "redteam_toxicity": {"base": base_result.to_dict(), "candidate": candidate_result.to_dict()},
        "scorer": vars(quality),
    }
    run_dir.mkdir(parents=True, exist_ok=True)
    metrics_path, gate_path = run_dir / "metrics.json", run_dir / "gate.json"
    metrics_path.write_text(json.dumps(metrics, indent=2))
    gate_path.write_text(json.dumps(decision.to_dict(), indent=2))
    report = write_report(decision, base_result, candidate_result, quality, run_dir)
    return GateOutcome(decision, metrics, str(metrics_path), str(gate_path), str(report))


def publish_candidate(
    cfg: SingAlignConfig,
    adapter_dir: str,
    base: ResolvedModel,
    dataset: DatasetRef,
    outcome: GateOutcome,
    run_info: dict[str, Any] | None = None,
) -> PublishedVersion:
    """Publish a candidate that passed the gate; refuses one that did not."""
    if not outcome.decision.passed:
        raise PermissionError("the gate rejected this candidate; it is not published")
    adapter = Path(adapter_dir)
    version = new_version_id(sha256_file(adapter / "adapter_model.safetensors"))
    files = collect_files(
        adapter,
        {
            "metrics.json": Path(outcome.metrics_path),
            "gate.json": Path(outcome.gate_path),
            "report.md": Path(outcome.report_path),
        },
    )
    return publish_version(
        open_store(cfg.store),
        cfg.model_name,
        version,
        files,
        {
            "base_model": {"id": base.id, "revision": base.revision},
            "dataset": {"sha256": dataset.sha256, "uri": dataset.uri, "rows": dataset.rows},
            "method": cfg.training.method,
            "seed": cfg.training.seed,
            "config": cfg.model_dump(mode="json"),
            "gate": outcome.decision.to_dict(),
            "toxicity": {k: v["toxicity_rate"] for k, v in outcome.metrics["redteam_toxicity"].items()},
            "run": run_info or {},
        },
    )
