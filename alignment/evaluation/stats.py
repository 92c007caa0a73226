"""Statistics a reviewer would accept: Wilson intervals for rates and the exact McNemar test for paired outcomes.

Both come from statsmodels; this module only fixes the conventions (confidence level, which cell is which) so every
report, table and gate criterion computes them the same way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Sequence


@dataclass(frozen=True)
class Rate:
    """k of n, with a two-sided Wilson interval at ``confidence``."""

    k: int
    n: int
    low: float
    high: float
    confidence: float

    @property
    def rate(self) -> float:
        return self.k / self.n if self.n else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rate": self.rate}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Rate":
        return cls(int(d["k"]), int(d["n"]), float(d["low"]), float(d["high"]), float(d["confidence"]))

    def text(self) -> str:
        """``12.5% [8.1, 18.7]``: the rate and its interval in percent."""
        return f"{self.rate:.1%} [{100 * self.low:.1f}, {100 * self.high:.1f}]"


def wilson(k: int, n: int, confidence: float = 0.95) -> Rate:
    """The Wilson score interval (statsmodels ``proportion_confint(method="wilson")``); [0, 1] when n is 0."""
    from statsmodels.stats.proportion import proportion_confint

    if n <= 0:
        return Rate(0, 0, 0.0, 1.0, confidence)
    if not 0 <= k <= n:
        raise ValueError(f"wilson: k={k} is not between 0 and n={n}")
    low, high = proportion_confint(k, n, alpha=1 - confidence, method="wilson")
    # exactly 0 and 1 at the ends (the formula leaves rounding residue there)
    low, high = (0.0 if k == 0 else max(0.0, low)), (1.0 if k == n else min(1.0, high))
    return Rate(int(k), int(n), float(low), float(high), confidence)


def rate_of(outcomes: Sequence[bool | int], confidence: float = 0.95) -> Rate:
    return wilson(int(sum(bool(o) for o in outcomes)), len(outcomes), confidence)


@dataclass(frozen=True)
class Paired:
    """Paired binary outcomes of two models on the same items. ``worse_to_better``: items where the first model
    had the event (e.g. unsafe) and the second did not; ``better_to_worse``: the other way. The exact McNemar
    p-value (two-sided binomial test on the discordant pairs)."""

    n: int
    both: int
    neither: int
    worse_to_better: int
    better_to_worse: int
    p_value: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def text(self) -> str:
        return (f"paired on {self.n}: {self.worse_to_better} improved, {self.better_to_worse} worsened, "
                f"exact McNemar p={self.p_value:.2g}")


def mcnemar_exact(first: Sequence[bool | int], second: Sequence[bool | int]) -> Paired:
    """Exact McNemar test (statsmodels ``mcnemar(exact=True)``) on two aligned outcome lists."""
    from statsmodels.stats.contingency_tables import mcnemar

    if len(first) != len(second):
        raise ValueError(f"paired outcomes must be aligned: {len(first)} vs {len(second)} items")
    a = sum(1 for x, y in zip(first, second) if x and y)
    b = sum(1 for x, y in zip(first, second) if x and not y)
    c = sum(1 for x, y in zip(first, second) if not x and y)
    d = len(first) - a - b - c
    p = 1.0 if b + c == 0 else float(mcnemar([[a, b], [c, d]], exact=True).pvalue)
    return Paired(len(first), a, d, b, c, p)
