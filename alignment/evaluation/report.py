"""The evaluation report saved with every candidate: the gate's metrics table (rates with 95% intervals) and
criteria, the instruments' held-out quality, a chart of base vs candidate vs production with error bars, and
side-by-side judged responses on red-team and benign prompts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..gate import GateDecision
from ..metrics import METRICS, ModelMetrics


def bar_chart(models: list[ModelMetrics], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    tasks = sorted({t for m in models for t in m.benchmarks})
    fig, axes = plt.subplots(1, 2, figsize=(12, 4), gridspec_kw={"width_ratios": [len(METRICS), max(1, len(tasks))]})
    width = 0.8 / max(len(models), 1)
    for i, m in enumerate(models):
        x = np.arange(len(METRICS)) + i * width
        rates = [m.rates[s.key] for s in METRICS]
        y = [100 * r.rate for r in rates]
        # (clipped: at k = 0 or k = n the bound equals the rate up to rounding)
        err = [[max(0.0, 100 * (r.rate - r.low)) for r in rates], [max(0.0, 100 * (r.high - r.rate)) for r in rates]]
        axes[0].bar(x, y, width, yerr=err, capsize=3, label=m.label)
        if tasks:
            axes[1].bar(np.arange(len(tasks)) + i * width, [m.benchmarks.get(t, 0) for t in tasks], width, label=m.label)
    directions = {s.better for s in METRICS}
    mixed = len(directions) > 1  # then each label carries its own direction
    axes[0].set_xticks(np.arange(len(METRICS)) + width * (len(models) - 1) / 2,
                       [s.label.replace(" (classifier)", "\n(classifier)") + (f" ({s.better} is better)" if mixed else "")
                        for s in METRICS], fontsize=7)
    axes[0].set(ylabel="% of responses (95% Wilson interval)",
                title="Rates" if mixed else f"{directions.pop().capitalize()} is better")
    axes[0].legend(fontsize=8)
    axes[1].set_xticks(np.arange(len(tasks)) + width * (len(models) - 1) / 2, tasks, fontsize=8)
    axes[1].set(ylabel="accuracy (points)", title="Benchmarks: higher is better")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def _read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    path = Path(path)
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _one_line(text: str, n: int = 300) -> str:
    text = " ".join(str(text).split())
    return (text if len(text) <= n else text[: n - 1] + "…").replace("|", "\\|")


def side_by_side(evaluations, prompt_set: str, samples: int) -> list[str]:
    rows = [_read_jsonl(e.files[prompt_set]) for e in evaluations]
    lines = []
    for entries in list(zip(*rows))[:samples]:
        first = entries[0]
        lines += [f"**{first['category']}** — {_one_line(first['prompt'], 200)}", ""]
        for e, entry in zip(evaluations, entries):
            lines.append(f"- {e.metrics.label} ({entry['verdict']}, p(unsafe) {entry['p_unsafe']:.2f}, toxicity "
                         f"{entry['toxicity']:.2f}): {_one_line(entry['response'])}")
        lines.append("")
    return lines


def write_report(decision: GateDecision, evaluations, quality, chart: Path, run_dir: Path, samples: int = 10,
                 hand_check: list[str] | None = None) -> Path:
    lines = ["# SingAlign evaluation report", "", decision.markdown([e.metrics for e in evaluations]), "",
             f"![base vs candidate vs production]({chart.name})", "", "## The instruments", "",
             f"- Safety judge: {quality.judge.text()}.",
             f"- Toxicity classifier: held-out precision {quality.scorer.precision:.3f}, recall "
             f"{quality.scorer.recall:.3f}, F1 {quality.scorer.f1:.3f} (n={quality.scorer.heldout_size}).", "",
             *(["## Checked against hand labels", "", *hand_check, ""] if hand_check else []),
             "## Verdicts per prompt set", "", "| set | " + " | ".join(e.metrics.label for e in evaluations) + " |",
             "|---" * (len(evaluations) + 1) + "|"]
    for name in evaluations[0].metrics.verdicts:
        lines.append(f"| {name} | " + " | ".join(
            ", ".join(f"{v} {n}" for v, n in e.metrics.verdicts.get(name, {}).items()) for e in evaluations) + " |")
    lines += ["", "## Side by side: red-team prompts", ""]
    lines += side_by_side(evaluations, "redteam", samples)
    lines += ["## Side by side: benign prompts", ""]
    lines += side_by_side(evaluations, "benign", samples)
    path = run_dir / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
