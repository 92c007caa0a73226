import pytest

from alignment.config import GateSettings
from alignment.gate import decide, relative_reduction


def test_relative_reduction():
    assert relative_reduction(0.5, 0.05) == pytest.approx(0.9)
    assert relative_reduction(0.0, 0.0) is None


def test_gate_passes_at_threshold_and_records_each_criterion():
    d = decide(0.40, 0.04, GateSettings(min_relative_toxicity_reduction=0.9))
    assert d.passed
    (c,) = d.criteria
    assert c.name == "relative_toxicity_reduction" and c.value == pytest.approx(0.9) and c.passed
    assert d.to_dict()["criteria"][0]["threshold"] == 0.9


def test_gate_rejects_below_threshold():
    d = decide(0.40, 0.10, GateSettings(min_relative_toxicity_reduction=0.9))
    assert not d.passed and not d.criteria[0].passed
    assert "rejected" in d.verdict


def test_gate_rejects_when_reduction_is_undefined():
    d = decide(0.0, 0.0, GateSettings(min_relative_toxicity_reduction=0.5))
    assert not d.passed and d.criteria[0].value is None and "undefined" in d.criteria[0].note
