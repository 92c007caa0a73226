"""Training curves as a PNG."""

from __future__ import annotations

from pathlib import Path

from .results import StageResult


def plot_curves(results: list[StageResult], path: Path) -> Path:
    """Loss per logging step of each stage (and reward margins where the trainer reports them) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(results), figsize=(5 * len(results), 3.5), squeeze=False)
    for ax, r in zip(axes[0], results):
        ax.plot(range(1, len(r.losses) + 1), r.losses, marker=".", label="loss")
        if r.margins:
            ax.plot(range(1, len(r.margins) + 1), r.margins, marker=".", label="reward margin")
        ax.set(title=f"{r.stage} ({r.steps} steps)", xlabel="logging step")
        ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
