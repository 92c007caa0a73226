"""Batched generation against one prompt at a time, on CPU, in one run.

    .venv/bin/python bench/generate.py [--prompts 32] [--tokens 32] [--batch 32]

Same model (the embedded SmolLM2-135M), same prompts (the first N red-team prompts, stratified), same greedy
decoding and max new tokens; the batched run uses SingAlign's generator (left padding, KV cache, one
``generate`` per batch), the other calls it with batch size 1. Target (issue #5): batched is at least 5x faster.
Each run also reports new tokens/s and model FLOPs utilisation against this machine's fp32 matmul peak, measured
in the same run (``alignment/training/perf.py``; the model runs in fp32): 2·N FLOPs per prompt token (prefill)
and per new token (decode), N the matmul weights including the LM head; padding not counted.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--prompts", type=int, default=32)
    p.add_argument("--tokens", type=int, default=32)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    p.add_argument("--cache", default=str(ROOT / ".cache" / "singalign"))
    args = p.parse_args()

    import torch
    import transformers

    from alignment.config import BaseModelSettings, GenerationSettings
    from alignment.data.dataset import read_prompts
    from alignment.evaluation.generate import generate_responses
    from alignment.models import load_causal_lm, load_tokenizer, resolve_base_model

    transformers.utils.logging.set_verbosity_error()
    from alignment.training.perf import matmul_params, measure_peak_flops

    torch.set_num_threads(args.threads or torch.get_num_threads())
    peak = measure_peak_flops("cpu", "float32")
    base = resolve_base_model(BaseModelSettings(), Path(args.cache))
    model, tokenizer = load_causal_lm(base.path), load_tokenizer(base.path)
    n_params, _ = matmul_params(model)
    prompts = [x["prompt"] for x in read_prompts(ROOT / "data/eval/redteam.jsonl", limit=args.prompts)]
    prompt_tokens = sum(len(tokenizer.apply_chat_template([{"role": "user", "content": p}], add_generation_prompt=True,
                                                          tokenize=True, return_dict=True)["input_ids"])
                        for p in prompts)
    print(f"CPU, {torch.get_num_threads()} torch thread(s); fp32 matmul peak {peak / 1e9:,.0f} GFLOP/s "
          f"(2048^3, best of 5); SmolLM2-135M, {n_params / 1e6:,.0f}M matmul weights; "
          f"{prompt_tokens:,} prompt tokens")
    generate_responses(model, tokenizer, prompts[:2], GenerationSettings(max_new_tokens=4, batch_size=2))  # warm-up

    timings = {}
    for name, batch in (("one at a time", 1), ("batched", args.batch)):
        settings = GenerationSettings(max_new_tokens=args.tokens, batch_size=batch)
        start = time.perf_counter()
        out = generate_responses(model, tokenizer, prompts, settings)
        timings[name] = time.perf_counter() - start
        tokens = sum(len(tokenizer(r[0], add_special_tokens=False)["input_ids"]) for r in out)
        mfu = 2 * n_params * (prompt_tokens + tokens) / timings[name] / peak
        print(f"{name:>14}: {timings[name]:6.1f} s for {len(prompts)} prompts "
              f"({len(prompts) / timings[name]:.2f} prompts/s, {tokens / timings[name]:.0f} new tokens/s, "
              f"MFU {mfu:.1%} of the fp32 peak)")
    ratio = timings["one at a time"] / timings["batched"]
    print(f"speed-up of batched over one-at-a-time: {ratio:.1f}x  (target >= 5x: {'OK' if ratio >= 5 else 'MISSED'})")


if __name__ == "__main__":
    main()
