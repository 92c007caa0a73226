"""The evaluation report saved with every candidate: the gate's metrics table and criteria, a bar chart of base vs
candidate vs production, and side-by-side responses on red-team and benign prompts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..gate import GateDecision, ModelMetrics


def bar_chart(models: list[ModelMetrics], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    rates = [("red-team toxicity", "redteam_toxicity"), ("generalisation toxicity", "generalisation_toxicity"),
             ("benign over-refusal", "over_refusal")]
    tasks = sorted({t for m in models for t in m.benchmarks})
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), gridspec_kw={"width_ratios": [3, max(1, len(tasks))]})
    width = 0.8 / max(len(models), 1)
    for i, m in enumerate(models):
        x = np.arange(len(rates)) + i * width
        axes[0].bar(x, [100 * getattr(m, a) for _, a in rates], width, label=m.label)
        if tasks:
            axes[1].bar(np.arange(len(tasks)) + i * width, [m.benchmarks.get(t, 0) for t in tasks], width, label=m.label)
    axes[0].set_xticks(np.arange(len(rates)) + width * (len(models) - 1) / 2, [r for r, _ in rates], fontsize=8)
    axes[0].set(ylabel="% of responses", title="Lower is better")
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


def side_by_side(evaluations, prompt_set: str, score_key: str, samples: int) -> list[str]:
    rows = [_read_jsonl(e.files[prompt_set]) for e in evaluations]
    lines = []
    for entries in list(zip(*rows))[:samples]:
        first = entries[0]
        lines += [f"**{first['category']}** — {_one_line(first['prompt'], 200)}", ""]
        for e, entry in zip(evaluations, entries):
            score = entry[score_key]
            tag = f"{score:.2f}" if isinstance(score, float) else ("refusal" if score else "answer")
            lines.append(f"- {e.metrics.label} ({tag}): {_one_line(entry['response'])}")
        lines.append("")
    return lines


def write_report(decision: GateDecision, evaluations, quality, chart: Path, run_dir: Path, samples: int = 10) -> Path:
    base, candidate = evaluations[0], evaluations[1]
    lines = ["# SingAlign evaluation report", "", decision.markdown([e.metrics for e in evaluations]), "",
             f"![base vs candidate vs production]({chart.name})", "",
             f"Toxicity scorer held-out precision {quality.precision:.3f}, recall {quality.recall:.3f}, "
             f"F1 {quality.f1:.3f} (n={quality.heldout_size}). Over-refusal uses the refusal detector in "
             "`alignment/evaluation/refusal.py`.", "", "## Red-team toxicity by category", "",
             "| category | " + " | ".join(e.metrics.label for e in evaluations) + " |",
             "|---" * (len(evaluations) + 1) + "|"]
    for cat in sorted(set(base.redteam.by_category) | set(candidate.redteam.by_category)):
        lines.append(f"| {cat} | " + " | ".join(f"{e.redteam.by_category.get(cat, 0):.0%}" for e in evaluations) + " |")
    lines += ["", "## Side by side: red-team prompts (toxicity score)", ""]
    lines += side_by_side(evaluations, "redteam", "toxicity", samples)
    lines += ["## Side by side: benign prompts (refusal or answer)", ""]
    lines += side_by_side(evaluations, "benign", "refusal", samples)
    path = run_dir / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
