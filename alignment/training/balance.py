"""KTO's desirable/undesirable balance (no torch here: validation uses it too).

The KTO paper recommends λD·nD / λU·nU in [1, 4/3]: the desirable side weighted equal to or a little above the
undesirable side. A batch outside the range gets a validation warning, and training derives weights that bring
it back in.
"""

from __future__ import annotations

KTO_BALANCE_RANGE = (1.0, 4.0 / 3.0)


def balance_ratio(n_desirable: int, n_undesirable: int, desirable_weight: float, undesirable_weight: float) -> float:
    return (desirable_weight * n_desirable) / max(undesirable_weight * n_undesirable, 1e-12)


def balanced_weights(n_desirable: int, n_undesirable: int, desirable_weight: float,
                     undesirable_weight: float) -> tuple[float, float]:
    """(λD, λU) with the ratio moved to the nearest end of the range by changing λD only; unchanged when in range."""
    lo, hi = KTO_BALANCE_RANGE
    ratio = balance_ratio(n_desirable, n_undesirable, desirable_weight, undesirable_weight)
    if lo <= ratio <= hi or n_desirable == 0 or n_undesirable == 0:
        return desirable_weight, undesirable_weight
    target = lo if ratio < lo else hi
    return target * undesirable_weight * n_undesirable / n_desirable, undesirable_weight
