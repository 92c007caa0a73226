"""The retraining pipeline's stages as plain functions over the config.

Prefect tasks wrap these one-to-one; the same stages run from a Python shell without Prefect. Stages exchange
paths and small records (never models or tensors), so a retried or resumed stage needs nothing in memory.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .cache import building, write_atomic
from .config import SingAlignConfig, default_cache_dir
from .data.dataset import DatasetRef, read_prompts
from .data.intake import IntakeResult, InvalidBatch, accept_batch  # noqa: F401 (InvalidBatch re-exported)
from .evaluation.audit import check_run
from .evaluation.benchmarks import run_benchmarks
from .evaluation.evaluate import generate_sets, judge_responses, load_for_generation, uses_vllm
from .evaluation.judge import JudgeQuality, judge_quality, load_judge
from .evaluation.report import bar_chart, write_report
from .evaluation.toxicity import ScorerQuality, load_scorer
from .gate import GateDecision, decide
from .metrics import PROMPT_SETS, ModelMetrics
from .models import ResolvedModel, resolve_base_model, sha256_file
from .registry import PublishedVersion, Registry, collect_files, new_version_id, publish_version
from .storage import open_store
from .training.results import StageResult

log = logging.getLogger(__name__)


def validate_data(cfg: SingAlignConfig, paths: list[Path] | None = None, quarantine: bool | None = None,
                  refuse_quarantine_rows: bool = False) -> IntakeResult:
    """Validate the batch and store it as a dataset version; raise ``InvalidBatch`` when it is rejected
    (``accept_batch`` says what ``quarantine`` and ``refuse_quarantine_rows`` change)."""
    return accept_batch(cfg, list(paths or cfg.data.train), open_store(cfg.store), default_cache_dir(), quarantine,
                        refuse_quarantine_rows)


def load_dataset_version(cfg: SingAlignConfig, sha256: str) -> DatasetRef:
    """A dataset version accepted earlier (by the validate-batch flow), fetched from the store."""
    from .data.dataset import fetch_rows, local_rows_path

    store = open_store(cfg.store)
    if not store.exists(f"datasets/{sha256}/manifest.json"):
        raise ValueError(f"dataset {sha256} is not in {cfg.store.uri} (no datasets/{sha256}/manifest.json): "
                         "validate the batch first with the validate-batch flow or `singalign validate --accept`")
    cache = default_cache_dir()
    rows = fetch_rows(store, sha256, cache)
    return DatasetRef(sha256=sha256, uri=store.url(f"datasets/{sha256}"),
                      local_path=str(local_rows_path(cache, sha256)), rows=len(rows))


def prepare_base_model(cfg: SingAlignConfig) -> ResolvedModel:
    return resolve_base_model(cfg.base_model, default_cache_dir())


def train_stage(cfg: SingAlignConfig, dataset: DatasetRef, base: ResolvedModel, stage: str,
                previous: StageResult | None = None) -> StageResult:
    """One stage of ``training.method``, continuing ``previous``'s adapter when given. In this process, or in a child
    process under ``accelerate launch`` (``training.launcher``); checkpoints go to the store when enabled."""
    from .training.stages import run_spec, run_stage_subprocess, spec_for, stage_dir, stage_rows_sha256

    previous_adapter = previous.adapter_dir if previous else None
    data = stage_rows_sha256(dataset.sha256, dataset.local_path, stage, cfg.training)
    out = stage_dir(default_cache_dir(), stage, base, data, cfg.training, previous_adapter)
    spec = spec_for(cfg, stage, dataset.local_path, base, out, previous_adapter)
    # Two runs with the same inputs at once (a schedule and an event): one trains, the other waits, then reuses.
    # Held here, in the one process that launches the stage, not by each of accelerate's ranks.
    with building(out, stage):
        if cfg.training.launcher.kind == "accelerate":
            return run_stage_subprocess(spec, cfg.training)
        return run_spec(spec)


def train_stages(cfg: SingAlignConfig, dataset: DatasetRef, base: ResolvedModel,
                 train_one: Callable[..., StageResult] | None = None) -> list[StageResult]:
    """Every stage of ``training.method`` in order, each continuing the previous one's adapter; the last stage's
    adapter is the candidate. ``train_one`` (default ``train_stage``, same arguments) trains one stage; the retrain
    flow passes its Prefect task."""
    from .training.methods import in_order, method_stages
    from .training.stages import stage_rows_sha256

    for stage in method_stages(cfg.training.method):  # a typo in a later stage's sources fails before any training
        stage_rows_sha256(dataset.sha256, dataset.local_path, stage, cfg.training)
    train_one = train_one or train_stage
    return in_order(cfg.training.method, lambda stage, previous: train_one(cfg, dataset, base, stage, previous))


def train_method(cfg: SingAlignConfig, dataset: DatasetRef, base: ResolvedModel) -> StageResult:
    """Every stage of ``training.method`` in order; the last stage's adapter is the candidate."""
    return train_stages(cfg, dataset, base)[-1]


@dataclass
class Instruments:
    """How far the measuring instruments can be trusted: the judge's agreement with the held-out hand labels and
    the toxicity classifier's held-out precision/recall/F1. Reported with every evaluation."""

    judge: JudgeQuality
    scorer: ScorerQuality


def instruments(cfg: SingAlignConfig) -> Instruments:
    """Train (once) or load the judge and the toxicity classifier, and measure both on their held-out data."""
    cache = default_cache_dir()
    judge = load_judge(cfg.judge, cache, seed=cfg.training.seed, device=cfg.training.device)
    scorer = load_scorer(cfg.scorer, cache, seed=cfg.training.seed)
    return Instruments(measured_judge_quality(judge, cfg.judge.labels, cache), scorer.quality)


def measured_judge_quality(judge, labels: Path | list[Path], cache: Path) -> JudgeQuality:
    """The judge's agreement with the held-out hand labels, measured once per judge (fingerprint) and labels files
    (checksums): the same judge on the same labels gives the same figures."""
    files = [labels] if isinstance(labels, Path) else labels
    key = hashlib.sha256(f"{judge.fingerprint}:{[sha256_file(p) for p in files]}".encode()).hexdigest()[:20]
    stored = cache / "judge-quality" / f"{key}.json"
    if stored.is_file():
        return JudgeQuality(**json.loads(stored.read_text()))
    quality = judge_quality(judge, labels)
    write_atomic(stored, lambda tmp: tmp.write_text(json.dumps(quality.to_dict())))
    return quality


@dataclass
class Evaluation:
    """One model's metrics and where its judged responses are (JSONL per prompt set)."""

    metrics: ModelMetrics
    files: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {"metrics": self.metrics.to_dict(), "files": self.files}


def evaluate_model(cfg: SingAlignConfig, base: ResolvedModel, adapter: str | None, label: str, run_dir: Path,
                   version: str | None = None) -> Evaluation:
    """Attack success, over-refusal and toxicity on every prompt set (judge + classifier on each response), and the
    benchmark tasks, of base (+ adapter).

    Cached by content at two levels: the model's outputs (responses and benchmark scores: ``outputs_key``) depend
    only on the weights, prompts and generation settings, so a changed judge or classifier re-judges stored
    responses without generating again; the judged evaluation (``evaluation_key``) adds the judge and classifier."""
    ev = cfg.evaluation
    cache = default_cache_dir()
    sets = {name: read_prompts(getattr(ev, name), limit=ev.limit) for name in PROMPT_SETS}
    judge = load_judge(cfg.judge, cache, seed=cfg.training.seed, device=cfg.training.device)
    scorer = load_scorer(cfg.scorer, cache, seed=cfg.training.seed)
    files = {name: run_dir / f"{name}-{label}.jsonl" for name in sets}
    outputs = outputs_key(cfg, base, adapter, sets)
    cached = cache / "evaluations" / evaluation_key(outputs, judge.fingerprint, scorer.fingerprint,
                                                     cfg.gate.confidence)
    if not (cached / "metrics.json").is_file():
        with building(cached, f"evaluate {label}"):  # the same model evaluated by two runs at once: once
            if not (cached / "metrics.json").is_file():
                return _evaluate_afresh(cfg, base, adapter, label, sets, files, outputs, cached, judge, scorer,
                                        version)
    log.info("evaluate %s: reusing the evaluation of the same weights, prompts and instruments (%s)", label,
             cached.name)
    run_dir.mkdir(parents=True, exist_ok=True)
    for name, path in files.items():
        shutil.copyfile(cached / f"{name}.jsonl", path)
    stored = ModelMetrics.from_dict(json.loads((cached / "metrics.json").read_text()))
    stored.label, stored.version = label, version
    return Evaluation(stored, {n: str(p) for n, p in files.items()})


def _evaluate_afresh(cfg: SingAlignConfig, base: ResolvedModel, adapter: str | None, label: str,
                     sets: dict[str, list[dict[str, str]]], files: dict[str, Path], outputs: str, cached: Path,
                     judge, scorer, version: str | None) -> Evaluation:
    ev, cache = cfg.evaluation, default_cache_dir()
    stored_outputs = cache / "outputs" / outputs / "outputs.json"
    if stored_outputs.is_file():
        log.info("evaluate %s: judging the stored responses of the same weights and prompts (%s)", label, outputs)
        kept = json.loads(stored_outputs.read_text())
        responses, benchmarks = kept["responses"], kept["benchmarks"]
    else:
        # Loaded once for generation and the benchmark (vLLM generation loads its own).
        loaded = None if uses_vllm(ev.backend) else load_for_generation(base, adapter, cfg.training.device)
        responses = generate_sets(label, base, adapter, sets, ev.generation, seed=cfg.training.seed,
                                  device=cfg.training.device, backend=ev.backend, loaded=loaded)
        benchmarks = run_benchmarks(base, adapter, ev.benchmarks, cache, cfg.training.device, loaded=loaded)
        del loaded
        text = json.dumps({"responses": responses, "benchmarks": benchmarks})
        write_atomic(stored_outputs, lambda tmp: tmp.write_text(text))
    records = {name: judge_responses(label, name, sets[name], responses[name], judge, scorer, files[name])
               for name in sets}
    metrics = ModelMetrics.from_records(label, records, cfg.gate.confidence, benchmarks, version)
    tmp = cached.with_name(cached.name + f".tmp-{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    for name, path in files.items():
        shutil.copyfile(path, tmp / f"{name}.jsonl")
    (tmp / "metrics.json").write_text(json.dumps(metrics.to_dict()))
    shutil.rmtree(cached, ignore_errors=True)
    os.replace(tmp, cached)
    return Evaluation(metrics, {n: str(p) for n, p in files.items()})


def outputs_key(cfg: SingAlignConfig, base: ResolvedModel, adapter: str | None,
                sets: dict[str, list[dict[str, str]]]) -> str:
    """What a model's outputs depend on: the weights (base revision, adapter checksum), the prompts, the generation
    and benchmark settings, the seed and the device."""
    weights = sha256_file(Path(adapter) / "adapter_model.safetensors") if adapter else None
    ev = cfg.evaluation
    blob = json.dumps({
        "base": [base.id, base.revision], "dtype": base.dtype, "adapter": weights, "sets": sets, "v": 1,
        "generation": ev.generation.model_dump(), "benchmarks": ev.benchmarks.model_dump(), "backend": ev.backend,
        "seed": cfg.training.seed, "device": cfg.training.device,
    }, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


def evaluation_key(outputs: str, judge_fingerprint: str, scorer_fingerprint: str, confidence: float = 0.95) -> str:
    """A judged evaluation: the model's outputs (``outputs_key``), the judge, the classifier and the interval level."""
    blob = json.dumps({"outputs": outputs, "judge": judge_fingerprint, "scorer": scorer_fingerprint,
                       "confidence": confidence, "v": 2}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


def production_adapter(cfg: SingAlignConfig) -> tuple[str, str] | None:
    """(version, local folder) of the version the production alias points at, pulled and verified; None if unset."""
    if Registry(open_store(cfg.store), cfg.model_name).alias(cfg.gate.production_alias) is None:
        return None
    return resolve_adapter(cfg, f"@{cfg.gate.production_alias}")  # type: ignore[return-value]


def resolve_adapter(cfg: SingAlignConfig, ref: str) -> tuple[str | None, str]:
    """An adapter folder as is, or a registry version / alias (``production``, ``MODEL@production``, a version id)
    pulled and verified into the cache."""
    from .registry import RegistryError

    path = Path(ref).expanduser()
    if (path / "adapter_config.json").is_file():
        return None, str(path.resolve())
    registry = Registry(open_store(cfg.store), cfg.model_name)
    try:
        version = registry.resolve(ref if "@" in ref or ":" in ref or registry.alias(ref) is None else f"@{ref}")
    except RegistryError as exc:
        raise ValueError(f"{ref!r} is neither an adapter folder (with adapter_config.json) nor a version or alias of "
                         f"{cfg.model_name} in {cfg.store.uri}: {exc}") from None
    dest = default_cache_dir() / "pulled" / cfg.model_name / version
    if not (dest / "manifest.json").is_file():
        registry.pull(version, dest)
    return version, str(dest)


# metrics.json beside the models' metrics: how far the instruments can be trusted, and the run against hand labels
RUN_CHECKS = ("instruments", "hand_check")


@dataclass
class GateOutcome:
    decision: GateDecision
    metrics: dict[str, Any]
    metrics_path: str
    gate_path: str
    report_path: str
    chart_path: str

    @property
    def hand_check(self) -> list[str]:
        """The run against hand labels of its own responses, as markdown lines (from metrics.json's record)."""
        return self.metrics["hand_check"]["lines"]


def gate_candidate(cfg: SingAlignConfig, base: Evaluation, candidate: Evaluation, quality: Instruments,
                   run_dir: Path, production: Evaluation | None = None) -> GateOutcome:
    """The full gate (attack success, toxicity, generalisation, over-refusal, benchmarks, vs production), its JSON
    and the report."""
    decision = decide(base.metrics, candidate.metrics, cfg.gate, production.metrics if production else None)
    evaluations = [e for e in (base, candidate, production) if e is not None]
    metrics: dict[str, Any] = {e.metrics.label: e.to_dict() for e in evaluations}
    metrics["instruments"] = {"judge": {"backend": cfg.judge.backend, **quality.judge.to_dict()},
                              "scorer": {"kind": cfg.scorer.kind, **vars(quality.scorer)}}
    metrics["hand_check"] = hand_check = checked_by_hand(cfg, run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    metrics_path, gate_path = run_dir / "metrics.json", run_dir / "gate.json"
    metrics_path.write_text(json.dumps(metrics, indent=2))
    gate_path.write_text(json.dumps(decision.to_dict(), indent=2))
    chart = bar_chart([e.metrics for e in evaluations], run_dir / "metrics.png")
    report = write_report(decision, evaluations, quality, chart, run_dir, hand_check=hand_check["lines"])
    return GateOutcome(decision, metrics, str(metrics_path), str(gate_path), str(report), str(chart))


def checked_by_hand(cfg: SingAlignConfig, run_dir: Path) -> dict[str, Any]:
    """Base and candidate of this run against the hand labels of their own responses (``judge.labels`` and
    ``judge.audit_labels``): judge and hand figures side by side when every response is labelled, else how many
    are. Reported, not gated on: the gate has the judge's verdicts only."""
    try:
        checked = check_run(run_dir, cfg.judge, cfg.gate.confidence)
    except (OSError, ValueError) as exc:
        return {"responses": 0, "labelled": 0, "lines": [f"Not checked against hand labels: {exc}"]}
    return {"responses": checked.responses, "labelled": checked.responses - len(checked.missing),
            "lines": checked.lines()}


def publish_candidate(
    cfg: SingAlignConfig,
    adapter_dir: str,
    base: ResolvedModel,
    dataset: DatasetRef,
    outcome: GateOutcome,
    run_info: dict[str, Any] | None = None,
    extra_files: dict[str, str] | None = None,
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
            "metrics.png": Path(outcome.chart_path),
            **{name: Path(path) for name, path in (extra_files or {}).items()},
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
            "metrics": {k: v["metrics"] for k, v in outcome.metrics.items() if k not in RUN_CHECKS},
            **{k: outcome.metrics[k] for k in RUN_CHECKS},
            "run": run_info or {},
        },
    )
