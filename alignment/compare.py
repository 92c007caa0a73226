"""The paper's comparison: alignment methods × training-data fractions (sample efficiency), and KTO vs KTO-S over
several seeds (stability).

Each run trains one method on a stratified fraction of the training rows and evaluates red-team attack success
(the safety judge), benign over-refusal (the judge) and red-team toxicity (the text classifier), each with its 95%
Wilson interval. Every stage trains for one pass over its examples (SFT: the desirable rows; KTO/KTO-S: all
rows; DPO: the preference pairs), capped at the stage's ``max_steps``, so the x axis — training examples — is what
each method actually saw. Stages are content-addressed, so methods sharing an SFT stage train it once.
"""

from __future__ import annotations

import json
import logging
import math
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .config import SingAlignConfig, default_cache_dir
from .data.dataset import DatasetRef, read_prompts
from .evaluation.evaluate import generate_sets, judge_responses
from .evaluation.judge import load_judge
from .evaluation.toxicity import load_scorer
from .metrics import HEADLINE, PROMPT_SETS, SUMMARY, ModelMetrics
from .models import ResolvedModel

log = logging.getLogger(__name__)


@dataclass
class ComparisonRun:
    method: str
    fraction: float
    seed: int
    rows: int  # training rows in this fraction
    examples: int  # examples the stages actually trained on (steps × batch, summed over stages)
    intervals: dict[str, dict[str, float]] = field(default_factory=dict)  # metric key → Rate.to_dict()
    steps: dict[str, int] = field(default_factory=dict)
    margins: list[float] = field(default_factory=list)  # reward margins along the last stage (KTO/DPO)
    z0_clamped_share: float | None = None  # KTO/KTO-S: share of steps whose z0 clamped at 0 (KTO-S = KTO there)

    def rate(self, key: str) -> float:
        return float(self.intervals[key]["rate"])

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def fraction_of(rows: pd.DataFrame, fraction: float, seed: int) -> pd.DataFrame:
    """A stratified sample by (category, label); a pair's two rows stay together."""
    keyed = rows.assign(_unit=rows["pair_id"].fillna(rows["id"]))
    units = keyed.drop_duplicates("_unit")
    picked = units.groupby(["category", "label"], group_keys=False).apply(
        lambda g: g.sample(n=max(1, round(len(g) * fraction)), random_state=seed), include_groups=False)
    chosen = set(units.loc[picked.index, "_unit"])
    return rows[keyed["_unit"].isin(chosen)].reset_index(drop=True)


def one_pass_config(cfg: SingAlignConfig, rows: pd.DataFrame, method: str, seed: int) -> SingAlignConfig:
    """``cfg`` with each stage's steps set to one pass over its examples (the dataset its registry entry builds from
    ``rows``), capped at its max_steps."""
    from .training.methods import STAGES, method_stages, stage_settings

    out = cfg.model_copy(deep=True)
    out.training.method = method  # type: ignore[assignment]
    out.training.seed = seed
    for stage in method_stages(method):
        n = len(STAGES[stage].load("dataset")(rows, seed))
        settings = stage_settings(out.training, stage)
        batch = settings.per_device_train_batch_size * settings.gradient_accumulation_steps
        settings.max_steps = max(1, min(settings.max_steps, math.ceil(n / batch)))
    return out


def run_one(cfg: SingAlignConfig, dataset_rows: pd.DataFrame, base: ResolvedModel, method: str, fraction: float,
            seed: int, work: Path) -> ComparisonRun:
    from .data.dataset import dataset_sha256, canonical_rows
    from .pipeline import train_stages
    from .training.methods import stage_settings

    rows = fraction_of(dataset_rows, fraction, seed)
    sha = dataset_sha256(canonical_rows(rows))
    path = default_cache_dir() / "datasets" / sha / "rows.parquet"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        canonical_rows(rows).to_parquet(path, index=False)
    ref = DatasetRef(sha256=sha, uri=str(path), local_path=str(path), rows=len(rows))
    run_cfg = one_pass_config(cfg, rows, method, seed)
    results = train_stages(run_cfg, ref, base)
    steps, examples = {}, 0
    for r in results:
        s = stage_settings(run_cfg.training, r.stage)
        steps[r.stage] = r.steps
        examples += r.steps * s.per_device_train_batch_size * s.gradient_accumulation_steps
    result = results[-1]
    m = evaluate_pair(run_cfg, base, result.adapter_dir, f"{method}-{fraction}-{seed}", work)
    return ComparisonRun(method=method, fraction=fraction, seed=seed, rows=len(rows), examples=examples,
                         intervals={m_.key: m.rates[m_.key].to_dict() for m_ in SUMMARY},
                         steps=steps, margins=result.margins, z0_clamped_share=result.z0_clamped_share)


def evaluate_pair(cfg: SingAlignConfig, base: ResolvedModel, adapter: str | None, label: str,
                  work: Path) -> ModelMetrics:
    """The summary metrics (attack success, over-refusal, toxicity) of base + adapter, the model loaded once."""
    ev = cfg.evaluation
    needed = [name for name in PROMPT_SETS if any(m.prompt_set == name for m in SUMMARY)]
    sets = {name: read_prompts(getattr(ev, name), limit=ev.limit) for name in needed}
    responses = generate_sets(label, base, adapter, sets, ev.generation, seed=0, device=cfg.training.device,
                              backend=ev.backend)
    judge = load_judge(cfg.judge, default_cache_dir(), seed=42, device=cfg.training.device)
    scorer = load_scorer(cfg.scorer, default_cache_dir(), seed=42)
    records = {name: judge_responses(label, name, sets[name], responses[name], judge, scorer,
                                     work / f"{name}-{label}.jsonl") for name in sets}
    return ModelMetrics.from_records(label, records, cfg.gate.confidence)


def _cell(r: ComparisonRun | ModelMetrics, key: str) -> str:
    from .evaluation.stats import Rate

    rate = r.rates[key] if isinstance(r, ModelMetrics) else Rate.from_dict(r.intervals[key])
    return rate.text()


def _share(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


def markdown_table(runs: list[ComparisonRun], base: ModelMetrics) -> str:
    lines = ["| method | fraction | rows | examples trained | steps | z0 clamped | "
             + " | ".join(m.label for m in SUMMARY) + " |",
             "|---" * (6 + len(SUMMARY)) + "|",
             "| base (no training) | - | - | 0 | - | - | " + " | ".join(_cell(base, m.key) for m in SUMMARY) + " |"]
    for r in sorted(runs, key=lambda r: (r.method, r.fraction, r.seed)):
        steps = ", ".join(f"{k} {v}" for k, v in r.steps.items())
        lines.append(f"| {r.method} | {100 * r.fraction:g}% | {r.rows} | {r.examples} | {steps} | "
                     f"{_share(r.z0_clamped_share)} | " + " | ".join(_cell(r, m.key) for m in SUMMARY) + " |")
    return "\n".join(lines)


def stability(runs: list[ComparisonRun]) -> dict[str, dict[str, float | None]]:
    """Per method: mean and spread (population std) over seeds of the final headline metric (attack success), and
    the mean over logging steps of the std of reward margins across seeds, and the mean share of steps whose z0
    clamped at 0 (None for methods without z0)."""
    out: dict[str, dict[str, float | None]] = {}
    for method in sorted({r.method for r in runs}):
        group = [r for r in runs if r.method == method]
        final = [r.rate(HEADLINE.key) for r in group]
        curves = [r.margins for r in group if r.margins]
        n = min((len(c) for c in curves), default=0)
        spread = [statistics.pstdev(c[i] for c in curves) for i in range(n)] if len(curves) > 1 else []
        out[method] = {"seeds": len(group), f"{HEADLINE.key}_mean": statistics.fmean(final),
                       f"{HEADLINE.key}_std": statistics.pstdev(final) if len(final) > 1 else 0.0,
                       "margin_std_mean": statistics.fmean(spread) if spread else float("nan"),
                       "z0_clamped_share": statistics.fmean(shares) if (shares := [
                           r.z0_clamped_share for r in group if r.z0_clamped_share is not None]) else None,
                       "final_margin_mean": statistics.fmean(c[-1] for c in curves) if curves else float("nan")}
    return out


def plot(runs: list[ComparisonRun], stability_runs: list[ComparisonRun], base: ModelMetrics, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    ax = axes[0]
    for method in sorted({r.method for r in runs}):
        pts = sorted((r.examples, r.intervals[HEADLINE.key]) for r in runs if r.method == method)
        y = [100 * p[1]["rate"] for p in pts]
        err = [[max(0.0, 100 * (p[1]["rate"] - p[1]["low"])) for p in pts],
               [max(0.0, 100 * (p[1]["high"] - p[1]["rate"])) for p in pts]]
        ax.errorbar([p[0] for p in pts], y, yerr=err, marker="o", capsize=3, label=method)
    ax.axhline(100 * base.rates[HEADLINE.key].rate, color="grey", linestyle="--", label="base")
    ax.set(xlabel="training examples", ylabel=f"{HEADLINE.label} (%, 95% CI)", title="Sample efficiency")
    ax.legend(fontsize=8)
    ax = axes[1]
    for r in stability_runs:
        if r.margins:
            ax.plot(range(1, len(r.margins) + 1), r.margins, alpha=0.8,
                    label=f"{r.method} seed {r.seed}", linestyle="-" if r.method.endswith("kto_s") else ":")
    ax.set(xlabel="logging step", ylabel="reward margin (chosen − rejected)", title="Stability: KTO vs KTO-S")
    ax.legend(fontsize=7)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write_results(runs: list[ComparisonRun], stability_runs: list[ComparisonRun], base: ModelMetrics,
                  out_dir: Path, command: str) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    table = markdown_table(runs, base)
    stab = stability(stability_runs)
    stab_lines = [f"| method | seeds | {HEADLINE.name} mean | {HEADLINE.name} std | reward-margin std (mean over "
                  "steps) | final margin | z0 clamped (mean share of steps) |", "|---|---|---|---|---|---|---|"]
    stab_lines += [f"| {m} | {v['seeds']} | {v[HEADLINE.key + '_mean']:.1%} | {v[HEADLINE.key + '_std']:.1%} | "
                   f"{v['margin_std_mean']:.3f} | {v['final_margin_mean']:.3f} | "
                   f"{_share(v['z0_clamped_share'])} |"
                   for m, v in stab.items()]
    png = plot(runs, stability_runs, base, out_dir / "compare_methods.png")
    md = out_dir / "compare_methods_table.md"
    md.write_text(f"Command: `{command}`\n\n## Sample efficiency\n\n{table}\n\n## Stability (KTO vs KTO-S)\n\n"
                  + "\n".join(stab_lines) + "\n")
    raw = out_dir / "compare_methods.json"
    raw.write_text(json.dumps({"base": {m.key: base.rates[m.key].to_dict() for m in SUMMARY},
                               "runs": [r.to_dict() for r in runs],
                               "stability_runs": [r.to_dict() for r in stability_runs],
                               "stability": stab}, indent=2))
    return {"table": md, "plot": png, "json": raw}

