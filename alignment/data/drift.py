"""Drift of an incoming dataset against the last accepted one, with Evidently.

Compared: prompt and completion text (Evidently's domain-classifier text drift), their length and word count
(Evidently descriptors), the Singlish particle rate, and the category and label mix. Only descriptors that work
offline are used (no NLTK downloads). Both sides are sampled to ``sample_rows`` so a million-row batch costs the
same as a small one.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..config import DriftSettings
from .features import particles_per_100_words

PARTICLE_COL = "singlish_particles_per_100_words"
_COLUMN_TEST = re.compile(r"^Value Drift for column (?P<column>.+)$")


@dataclass
class DriftResult:
    reference_sha256: str
    drifted_share: float
    max_drifted_share: float
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)  # column → {method, score, drifted}
    html_path: str = ""
    json_path: str = ""

    @property
    def drifted_columns(self) -> list[str]:
        return sorted(c for c, v in self.columns.items() if v["drifted"])

    @property
    def warning(self) -> bool:
        return self.drifted_share > self.max_drifted_share

    def summary(self) -> str:
        drifted = ", ".join(self.drifted_columns) or "none"
        return (f"{len(self.drifted_columns)}/{len(self.columns)} columns drifted (share {self.drifted_share:.2f}, "
                f"warning above {self.max_drifted_share:.2f}): {drifted}")

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "drifted_columns": self.drifted_columns, "warning": self.warning}


def _frame(rows: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    sample = rows.sample(n=min(n, len(rows)), random_state=seed) if len(rows) > n else rows
    out = pd.DataFrame({
        "prompt": sample["prompt"].astype(str).to_numpy(),
        "completion": sample["completion"].astype(str).to_numpy(),
        "category": sample["category"].astype(str).to_numpy(),
        "label": sample["label"].map({True: "desirable", False: "undesirable"}).astype(str).to_numpy(),
    })
    out[PARTICLE_COL] = particles_per_100_words(out["prompt"] + " " + out["completion"]).to_numpy()
    return out


def drift_report(current: pd.DataFrame, reference: pd.DataFrame, reference_sha256: str, settings: DriftSettings,
                 out_dir: Path, seed: int = 0) -> DriftResult:
    """Run the Evidently report and save it as ``drift.html`` and ``drift.json`` in ``out_dir``."""
    from evidently import DataDefinition, Dataset, Report
    from evidently.descriptors import TextLength, WordCount
    from evidently.presets import DataDriftPreset

    definition = DataDefinition(text_columns=["prompt", "completion"], categorical_columns=["category", "label"],
                                numerical_columns=[PARTICLE_COL])
    descriptors = [TextLength("prompt", alias="prompt_length"), WordCount("prompt", alias="prompt_words"),
                   TextLength("completion", alias="completion_length"),
                   WordCount("completion", alias="completion_words")]

    def dataset(rows: pd.DataFrame) -> Any:
        return Dataset.from_pandas(_frame(rows, settings.sample_rows, seed), data_definition=definition,
                                   descriptors=descriptors)

    # One domain classifier per text column (ROC AUC above 0.55 = drift); the default percentile method refits it
    # hundreds of times on small samples.
    report = Report([DataDriftPreset(text_method="abs_text_content_drift")], include_tests=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        snapshot = report.run(dataset(current), dataset(reference))
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, json_path = out_dir / "drift.html", out_dir / "drift.json"
    snapshot.save_html(str(html_path))
    raw = snapshot.dict()

    scores: dict[str, dict[str, Any]] = {}
    for metric in raw["metrics"]:
        cfg = metric.get("config", {})
        if cfg.get("type", "").endswith("ValueDrift"):
            scores[cfg["column"]] = {"method": cfg.get("method"), "threshold": cfg.get("threshold"),
                                     "score": metric.get("value"), "drifted": False}
    for test in raw.get("tests", []):
        match = _COLUMN_TEST.match(test.get("name", ""))
        if match and match["column"] in scores:
            scores[match["column"]]["drifted"] = test.get("status") != "SUCCESS"
    share = sum(v["drifted"] for v in scores.values()) / max(len(scores), 1)
    result = DriftResult(reference_sha256=reference_sha256, drifted_share=share,
                         max_drifted_share=settings.max_drifted_share, columns=scores,
                         html_path=str(html_path), json_path=str(json_path))
    json_path.write_text(json.dumps({"summary": result.to_dict(), "evidently": raw}, indent=2, default=str))
    return result
