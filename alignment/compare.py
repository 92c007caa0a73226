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
import os
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
from .metrics import HEADLINE, PROMPT_SETS, SUMMARY, ModelMetrics, paired
from .models import ResolvedModel

log = logging.getLogger(__name__)

JUDGE_SEED = 42  # one judge and one classifier for every run, whatever seed the run trains with


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
    outcomes: dict[str, list[int]] = field(default_factory=dict)  # metric key → per-prompt events (paired tests)
    items: dict[str, list[str]] = field(default_factory=dict)  # metric key → the prompt ids behind ``outcomes``

    def rate(self, key: str) -> float:
        return float(self.intervals[key]["rate"])

    def metrics(self) -> ModelMetrics:
        from .evaluation.stats import Rate

        return ModelMetrics(f"{self.method} {100 * self.fraction:g}% seed {self.seed}",
                            {k: Rate.from_dict(v) for k, v in self.intervals.items()}, self.outcomes, self.items)

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
                         steps=steps, margins=result.margins, z0_clamped_share=result.z0_clamped_share,
                         outcomes={m_.key: m.outcomes[m_.key] for m_ in SUMMARY},
                         items={m_.key: m.items[m_.key] for m_ in SUMMARY})


def evaluate_pair(cfg: SingAlignConfig, base: ResolvedModel, adapter: str | None, label: str,
                  work: Path) -> ModelMetrics:
    """The summary metrics (attack success, over-refusal, toxicity) of base + adapter, the model loaded once."""
    ev = cfg.evaluation
    needed = [name for name in PROMPT_SETS if any(m.prompt_set == name for m in SUMMARY)]
    sets = {name: read_prompts(getattr(ev, name), limit=ev.limit) for name in needed}
    responses = generate_sets(label, base, adapter, sets, ev.generation, seed=0, device=cfg.training.device,
                              backend=ev.backend)
    judge = load_judge(cfg.judge, default_cache_dir(), seed=JUDGE_SEED, device=cfg.training.device)
    scorer = load_scorer(cfg.scorer, default_cache_dir(), seed=JUDGE_SEED)
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
        pts = sorted(((r.examples, r.intervals[HEADLINE.key]) for r in runs if r.method == method), key=lambda p: p[0])
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
    if ax.get_legend_handles_labels()[0]:  # no stability run logged margins: an empty panel, no legend
        ax.legend(fontsize=7)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# ------------------------------------------------------------------------------------------------ findings

PAPER_CLAIMS = (("sft+kto", "dpo"), ("sft+kto", "sft+dpo"))  # the paper: SFT+KTO more sample-efficient than DPO
STEADIER = ("sft+kto_s", "sft+kto")  # the paper: KTO-S steadier than KTO


def _name(method: str) -> str:
    return method.upper().replace("_S", "-S")


def _verdict(better: list[str], worse: list[str], yes: str, no: str, neither: str) -> str:
    if better and not worse:
        return f"**Yes.** {yes}"
    if worse and not better:
        return f"**No.** {no}"
    if better and worse:
        return "**Mixed.** Significant differences go both ways (" + "; ".join(better + worse) + ")."
    return f"**Not shown at this scale.** {neither}"


def sample_efficiency_findings(runs: list[ComparisonRun], base: ModelMetrics, alpha: float) -> list[str]:
    """Plain answers, from paired exact McNemar tests on the same prompts: did SFT+KTO end with a lower attack
    success than DPO (and SFT+DPO) on the same share of the labelled data, and how few examples did each method
    need for a significant cut against the base."""
    from statsmodels.stats.multitest import multipletests

    key, out = HEADLINE.key, []
    grid = {(r.method, r.fraction): r for r in runs}
    for a, b in PAPER_CLAIMS:
        fractions = sorted(f for (m, f) in grid if m == a and (b, f) in grid)
        if not fractions:
            continue
        tests = {f: paired(grid[b, f].metrics(), grid[a, f].metrics(), key) for f in fractions}
        tests = {f: t for f, t in tests.items() if t is not None}  # first: b, so "improved" = b unsafe and a not
        if not tests:
            continue
        # Holm's correction over the fractions: one question asked at several fractions is several tests
        adjusted = dict(zip(tests, multipletests([t.p_value for t in tests.values()], method="holm")[1]))
        rows, better, worse, n = [], [], [], 0
        for f, test in tests.items():
            ra, rb = grid[a, f], grid[b, f]
            n = test.n
            where = f"{100 * f:g}% of the data ({ra.examples} vs {rb.examples} examples trained)"
            if adjusted[f] < alpha:
                (better if test.worse_to_better > test.better_to_worse else worse).append(where)
            rows.append(f"| {100 * f:g}% | {ra.examples} / {rb.examples} | {_cell(ra, key)} | {_cell(rb, key)} | "
                        f"{test.worse_to_better} / {test.better_to_worse} | {test.p_value:.2g} | {adjusted[f]:.2g} |")
        ps = list(adjusted.values())
        out += [f"### Did {_name(a)} beat {_name(b)} on sample efficiency?", "",
                _verdict(better, worse,
                         f"On the same share of the labelled data {a} ended with a significantly lower {HEADLINE.name} "
                         f"than {b} at " + ", ".join(better) + f" (exact McNemar, Holm-adjusted p < {alpha:g}), and "
                         "never a significantly higher one.",
                         f"{b} ended significantly lower than {a} at " + ", ".join(worse)
                         + f" (Holm-adjusted p < {alpha:g}).",
                         f"At no fraction did {a} and {b} differ significantly (smallest Holm-adjusted p = "
                         f"{min(ps):.2g}, {len(ps)} fractions, {n} prompts each): this run neither reproduces nor "
                         "contradicts the paper's result."),
                "", f"| fraction | examples trained ({a} / {b}) | {HEADLINE.label}: {a} | {b} | "
                    f"prompts {a} fixed / broke vs {b} | exact McNemar p | Holm-adjusted |",
                "|---|---|---|---|---|---|---|", *rows, ""]
    firsts = []
    for method in sorted({r.method for r in runs}):
        cut = None
        for r in sorted((r for r in runs if r.method == method), key=lambda r: r.examples):
            test = paired(base, r.metrics(), key)
            if test is not None and test.p_value < alpha and test.worse_to_better > test.better_to_worse:
                cut = (r, test)
                break
        firsts.append(f"| {method} | " + (f"{cut[0].examples} ({100 * cut[0].fraction:g}%) | {_cell(cut[0], key)} | "
                                          f"{cut[1].p_value:.2g} |" if cut else "none in this grid | - | - |"))
    out += ["### Fewest examples for a significant cut against the base", "",
            f"Base {HEADLINE.name}: {_cell(base, key)}. A cut counts when the paired test against the base on the same "
            f"prompts gives p < {alpha:g}.", "",
            "| method | fewest examples trained | " + HEADLINE.label + " there | p vs base |", "|---|---|---|---|",
            *firsts, ""]
    return out


def stability_findings(stability_runs: list[ComparisonRun], alpha: float) -> list[str]:
    """Plain answer to "was KTO-S steadier than KTO": the spread over seeds of the final attack success (Levene's
    test), the reward-margin spread along training, the paired test per seed, and how often z0 was live."""
    from scipy.stats import levene

    steady, other = STEADIER
    key = HEADLINE.key
    by = {m: {r.seed: r for r in stability_runs if r.method == m} for m in STEADIER}
    seeds = sorted(set(by[steady]) & set(by[other]))
    if len(seeds) < 2:
        return []
    st = stability([r for r in stability_runs if r.method in STEADIER and r.seed in seeds])
    a, b = st[steady], st[other]
    finals = [[by[m][s].rate(key) for s in seeds] for m in (steady, other)]
    lev = levene(*finals).pvalue if any(len(set(f)) > 1 for f in finals) else 1.0
    lev = 1.0 if lev != lev else float(lev)  # NaN when both spreads are zero
    rows, differ = [], []
    for s in seeds:
        test = paired(by[other][s].metrics(), by[steady][s].metrics(), key)
        if test is None:
            continue
        if test.p_value < alpha:
            differ.append(f"seed {s}")
        rows.append(f"| {s} | {_cell(by[steady][s], key)} | {_cell(by[other][s], key)} | "
                    f"{test.worse_to_better} / {test.better_to_worse} | {test.p_value:.2g} | "
                    f"{_share(by[steady][s].z0_clamped_share)} |")
    sd_a, sd_b = a[f"{key}_std"], b[f"{key}_std"]
    m_a, m_b = a["margin_std_mean"], b["margin_std_mean"]
    lower = sd_a < sd_b and m_a < m_b
    higher = sd_a > sd_b and m_a > m_b
    spread = (f"{HEADLINE.name} spread over {len(seeds)} seeds: {sd_a:.1%} ({steady}) vs {sd_b:.1%} ({other}), "
              f"Levene p = {lev:.2g}; reward-margin spread along training {m_a:.3f} vs {m_b:.3f}")
    if lev < alpha and lower:
        verdict = f"**Yes.** {spread}."
    elif lev < alpha and higher:
        verdict = f"**No, {other} was steadier.** {spread}."
    else:
        how = ("both lower for KTO-S, but not significantly" if lower else "both higher for KTO-S, but not "
               "significantly" if higher else "the same for both" if (round(sd_a, 3), round(m_a, 3)) == (
                   round(sd_b, 3), round(m_b, 3)) else "the two spreads point different ways, neither significantly")
        verdict = (f"**Not measurably.** {spread}: {how} (with {len(seeds)} seeds only a large difference could "
                   "show).")
    clamp = a["z0_clamped_share"]
    out = [f"### Was {_name(steady)} steadier than {_name(other)}?", "", verdict, ""]
    if clamp is not None:
        out += [f"z0 clamped at 0 on {clamp:.0%} of the {steady} steps (mean over seeds); on those steps KTO-S "
                "computes exactly KTO's update (docs/kto_s.md), so only the rest can make them differ.", ""]
    out += [("On no seed did the two end significantly apart." if not differ else
             "They ended significantly apart on " + ", ".join(differ) + ".") + " Paired per seed, same prompts:", "",
            f"| seed | {HEADLINE.label}: {steady} | {other} | prompts {steady} fixed / broke vs {other} | "
            "exact McNemar p | z0 clamped |", "|---|---|---|---|---|---|", *rows, ""]
    return out


def judge_agreement(cfg: SingAlignConfig) -> str:
    """The comparison's judge (the one ``evaluate_pair`` uses) against the held-out hand labels."""
    from .pipeline import measured_judge_quality

    judge = load_judge(cfg.judge, default_cache_dir(), seed=JUDGE_SEED, device=cfg.training.device)
    return measured_judge_quality(judge, cfg.judge.labels, default_cache_dir()).text()


def setup_lines(cfg: SingAlignConfig, fractions: list[float], seeds: list[int], stability_fraction: float,
                judge_quality: str) -> list[str]:
    from .training.methods import STAGES

    t, ev = cfg.training, cfg.evaluation
    sections = dict.fromkeys(stage.settings for stage in STAGES.values())  # kto and kto_s share ``training.kto``
    stages = "; ".join(f"`training.{name}` at most {s.max_steps} steps of batch {s.per_device_train_batch_size} "
                       f"(lr {s.learning_rate:g}, {s.max_length} tokens)"
                       for name, s in ((n, getattr(t, n)) for n in sections))
    return [f"- Model `{cfg.base_model.id}`, LoRA r={t.lora.r}; every stage trains one pass over its examples: "
            f"{stages}.",
            f"- Data fractions {', '.join(f'{100 * f:g}%' for f in fractions)} of the bundled training rows "
            f"(stratified by category and label, pairs kept together), seed {t.seed}; stability: seeds "
            f"{', '.join(map(str, seeds))} at {100 * stability_fraction:g}%.",
            f"- Evaluation: {ev.limit} prompts per set (category-stratified), greedy, {ev.generation.max_new_tokens} "
            f"new tokens; 95% Wilson intervals; paired exact McNemar tests on the same prompts.",
            f"- Judge: {judge_quality}. On trained candidates, which decline more fluently than the base, it "
            "overstates attack success (docs/judge.md and docs/recipe_sweep.md set it beside hand labels), so a rise "
            "after training is not by itself evidence of harm."]


def write_results(runs: list[ComparisonRun], stability_runs: list[ComparisonRun], base: ModelMetrics,
                  out_dir: Path, command: str, report: Path | None = None, setup: list[str] | None = None,
                  confidence: float = 0.95) -> dict[str, Path]:
    """The table, plot and raw JSON under ``out_dir``; with ``report``, the whole page (setup, tables, plain
    findings) written there too."""
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
    files = {"table": md, "plot": png, "json": raw}
    if report is not None:
        alpha = 1 - confidence
        rel = Path(os.path.relpath(png, report.parent)).as_posix()
        lines = ["# Method comparison: SFT, DPO, KTO, KTO-S and their sequences", "",
                 "Generated by `flows/compare_methods.py` (do not edit by hand; the investigation of KTO-S's reference "
                 "point is in docs/kto_s.md).", "", f"Command: `{command}`", "", "## Setup", "", *(setup or []), "",
                 "## Findings", "", *sample_efficiency_findings(runs, base, alpha),
                 *stability_findings(stability_runs, alpha),
                 "## Sample efficiency", "", table, "", f"![sample efficiency and stability]({rel})", "",
                 "## Stability (KTO vs KTO-S)", "", *stab_lines, ""]
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text("\n".join(lines))
        files["report"] = report
    return files

