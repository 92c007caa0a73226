"""Evaluate one model (base, or base + adapter): generate once per prompt set, then score.

Red-team and generalisation responses are scored for toxicity; benign responses for refusal (over-refusal). Every
response and its score is written to a JSONL file next to the run, for the report and for inspection.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..config import GenerationSettings
from ..models import ResolvedModel, load_causal_lm, load_tokenizer, pick_device
from .generate import generate_responses, vllm_available
from .refusal import is_refusal

log = logging.getLogger(__name__)


@dataclass
class ToxicityResult:
    label: str  # "base" / "candidate" / "production"
    prompts: int
    samples: int
    toxic: int
    toxicity_rate: float
    by_category: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RefusalResult:
    label: str
    prompts: int
    samples: int
    refused: int
    over_refusal_rate: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def generate_sets(label: str, base: ResolvedModel, adapter: str | None, prompt_sets: dict[str, list[dict[str, str]]],
                  generation: GenerationSettings, seed: int = 0, device: str = "auto",
                  backend: str = "auto") -> dict[str, list[list[str]]]:
    """Responses for every prompt set, loading the model once. vLLM (with the LoRA adapter) when ``backend`` asks
    for it or is ``auto`` and vLLM and a GPU are present; otherwise batched transformers generation."""
    use_vllm = backend == "vllm" or (backend == "auto" and vllm_available())
    if use_vllm:
        from .generate import generate_vllm

        names = list(prompt_sets)
        flat = [p["prompt"] for n in names for p in prompt_sets[n]]
        log.info("evaluate %s: generating for %d prompts with vLLM", label, len(flat))
        responses = generate_vllm(base, adapter, flat, generation, seed)
        out, i = {}, 0
        for n in names:
            out[n] = responses[i : i + len(prompt_sets[n])]
            i += len(prompt_sets[n])
        return out
    tokenizer = load_tokenizer(adapter or base.path)
    model = load_causal_lm(base.path, dtype="float32" if pick_device(device) == "cpu" else "bfloat16",
                           adapter=adapter).to(pick_device(device))
    out = {}
    for name, prompts in prompt_sets.items():
        log.info("evaluate %s: generating for %d %s prompts", label, len(prompts), name)
        out[name] = generate_responses(model, tokenizer, [p["prompt"] for p in prompts], generation, seed=seed)
    return out


def score_toxicity(label: str, prompts: list[dict[str, str]], responses: list[list[str]], scorer,
                   out_file: Path) -> ToxicityResult:
    """Toxicity rate = toxic responses / responses (every sample counts when sampling N per prompt)."""
    flat = [r for rs in responses for r in rs]
    scores = scorer.scores(flat)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    per_cat: dict[str, list[bool]] = {}
    toxic_total, k = 0, 0
    with open(out_file, "w", encoding="utf-8") as fh:
        for p, rs in zip(prompts, responses):
            for r in rs:
                toxic = bool(scores[k] >= scorer.threshold)
                toxic_total += toxic
                per_cat.setdefault(p["category"], []).append(toxic)
                fh.write(json.dumps({"id": p["id"], "category": p["category"], "prompt": p["prompt"], "response": r,
                                     "toxicity": round(float(scores[k]), 4), "toxic": toxic}, ensure_ascii=False) + "\n")
                k += 1
    result = ToxicityResult(label=label, prompts=len(prompts), samples=len(flat), toxic=toxic_total,
                            toxicity_rate=toxic_total / max(len(flat), 1),
                            by_category={c: sum(v) / len(v) for c, v in sorted(per_cat.items())})
    log.info("evaluate %s: toxicity %.1f%% (%d/%d) [%s]", label, 100 * result.toxicity_rate, toxic_total, len(flat),
             out_file.stem)
    return result


def score_refusal(label: str, prompts: list[dict[str, str]], responses: list[list[str]],
                  out_file: Path) -> RefusalResult:
    """Over-refusal = responses to benign prompts that refuse (``refusal.is_refusal``) / responses."""
    refused = 0
    out_file.parent.mkdir(parents=True, exist_ok=True)
    with open(out_file, "w", encoding="utf-8") as fh:
        for p, rs in zip(prompts, responses):
            for r in rs:
                hit = is_refusal(r)
                refused += hit
                fh.write(json.dumps({"id": p["id"], "category": p["category"], "prompt": p["prompt"], "response": r,
                                     "refusal": hit}, ensure_ascii=False) + "\n")
    samples = sum(len(rs) for rs in responses)
    result = RefusalResult(label, len(prompts), samples, refused, refused / max(samples, 1))
    log.info("evaluate %s: over-refusal %.1f%% (%d/%d)", label, 100 * result.over_refusal_rate, refused, samples)
    return result
