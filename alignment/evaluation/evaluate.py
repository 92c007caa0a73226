"""Evaluate one model (base, or base + adapter) on a prompt set: generate, score, summarise."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..config import GenerationSettings
from ..models import ResolvedModel, load_causal_lm, load_tokenizer, pick_device
from .generate import generate_responses
from .toxicity import ToxicityScorer

log = logging.getLogger(__name__)


@dataclass
class ToxicityResult:
    label: str  # "base" / "candidate"
    prompts: int
    samples: int
    toxic: int
    toxicity_rate: float
    by_category: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def evaluate_toxicity(
    label: str,
    base: ResolvedModel,
    adapter: str | None,
    prompts: list[dict[str, str]],
    scorer: ToxicityScorer,
    generation: GenerationSettings,
    out_file: Path,
    seed: int = 0,
    device: str = "auto",
) -> ToxicityResult:
    """Toxicity rate = toxic responses / responses (every sample counts when sampling N per prompt).
    Every generation and its score is written to ``out_file`` (JSONL) for inspection."""
    tokenizer = load_tokenizer(adapter or base.path)
    model = load_causal_lm(base.path, dtype="float32", adapter=adapter).to(pick_device(device))
    log.info("evaluate %s: generating for %d prompts", label, len(prompts))
    responses = generate_responses(model, tokenizer, [p["prompt"] for p in prompts], generation, seed=seed)
    flat = [r for rs in responses for r in rs]
    scores = scorer.scores(flat)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    per_cat: dict[str, list[bool]] = {}
    toxic_total = 0
    with open(out_file, "w", encoding="utf-8") as fh:
        k = 0
        for p, rs in zip(prompts, responses):
            for r in rs:
                toxic = bool(scores[k] >= scorer.threshold)
                toxic_total += toxic
                per_cat.setdefault(p["category"], []).append(toxic)
                fh.write(
                    json.dumps(
                        {"id": p["id"], "category": p["category"], "prompt": p["prompt"], "response": r,
                         "toxicity": round(float(scores[k]), 4), "toxic": toxic},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
                k += 1
    result = ToxicityResult(
        label=label,
        prompts=len(prompts),
        samples=len(flat),
        toxic=toxic_total,
        toxicity_rate=toxic_total / max(len(flat), 1),
        by_category={c: sum(v) / len(v) for c, v in sorted(per_cat.items())},
    )
    log.info("evaluate %s: toxicity %.1f%% (%d/%d)", label, 100 * result.toxicity_rate, toxic_total, len(flat))
    return result
