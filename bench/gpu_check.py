"""GPU check (``make gpu-check``): bf16 SFT and KTO-S steps on a Llama-3-8B-shaped model, then vLLM serving the
adapter, with tokens/s and MFU against this GPU's measured bf16 matmul peak, and a PASS/FAIL line per part.

    .venv/bin/python bench/gpu_check.py [--steps 4] [--time-limit 470]

The model is built from a ``LlamaConfig`` with Llama-3-8B's shape (32 layers, hidden 4096, 32 heads, 8 KV heads,
intermediate 14336, RoPE θ 500000) and random weights: nothing is downloaded. The tokenizer is the bundled
SmolLM2 one from the SingAlign cache, so the vocabulary is 49,152 (Llama-3's is 128,256): the model has ~7.0B
parameters instead of 8.0B, and the LM head is 0.2B instead of 0.5B. It is saved once and then trained by the
project's own code (``stages.build_trainer`` + ``train_and_save``: LoRA via PEFT, TRL
trainers, bf16, gradient checkpointing), KTO-S continuing the SFT adapter; vLLM then serves that adapter with LoRA
(the arguments of ``alignment.evaluation.generate.generate_vllm``) in a child process, when vLLM is importable.
FLOP convention: ``alignment/training/perf.py``; generation counts 2·N per generated token.

Without a GPU it exits 2 with one line; the whole check is bounded by ``--time-limit`` seconds (exit 3).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LLAMA3_8B_SHAPE = dict(hidden_size=4096, intermediate_size=14336, num_hidden_layers=32, num_attention_heads=32,
                       num_key_value_heads=8, max_position_embeddings=8192, rope_theta=500000.0, rms_norm_eps=1e-5,
                       tie_word_embeddings=False)
RESULTS: list[tuple[str, bool, str]] = []


def die(message: str, code: int = 2) -> None:
    print(f"gpu-check: FAIL: {message}", flush=True)
    sys.stdout.flush()
    os._exit(code)


def part(name: str, ok: bool, detail: str) -> None:
    RESULTS.append((name, ok, detail))
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}", flush=True)


def gpu_or_die() -> None:
    try:
        import torch
    except Exception as exc:  # noqa: BLE001 - the message is the point
        die(f"torch cannot be imported ({type(exc).__name__}: {exc}); run make install first")
    if not torch.cuda.is_available():
        die("no CUDA GPU visible (torch.cuda.is_available() is False); run make gpu-check on a machine with one "
            "NVIDIA GPU and a CUDA build of torch")


def training_rows():
    import pandas as pd

    data = [json.loads(l) for l in (ROOT / "data/train/singlish_safety.jsonl").read_text().splitlines()]
    return pd.DataFrame(data).assign(pair_id=None)


def build_model(out: Path, tokenizer) -> int:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(vocab_size=len(tokenizer), bos_token_id=tokenizer.bos_token_id,
                         eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
                         **LLAMA3_8B_SHAPE)
    torch.manual_seed(0)
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.bfloat16)
    try:
        with torch.device("cuda"):
            model = LlamaForCausalLM(config)
    finally:
        torch.set_default_dtype(previous)
    model.config.torch_dtype = torch.bfloat16
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    params = sum(p.numel() for p in model.parameters())
    del model
    torch.cuda.empty_cache()
    return params


def train_part(name: str, build, steps: int, warmup: int, peak: float, out_dir: Path) -> bool:
    """Build a trainer with the project's code, time ``steps`` after ``warmup``, save its adapter."""
    import torch

    from alignment.training.results import train_and_save
    from alignment.training.perf import TimedSteps

    timed = TimedSteps(warmup, cuda=True)
    trainer, tokenizer = build(timed.callback)
    timed.attach(trainer)
    result = train_and_save(trainer, tokenizer, out_dir, name)
    wall = sum(timed.wall)
    tokens = timed.meter.forward_tokens
    flops = timed.meter.flops()
    losses = [x for x in result.losses if x is not None]
    finite = all(math.isfinite(x) for x in losses)
    mfu = flops / wall / peak if wall else 0.0
    memory = torch.cuda.max_memory_allocated() / 2**30
    ok = wall > 0 and finite and (out_dir / "adapter_config.json").is_file()
    part(f"{name} bf16 training", ok,
         f"{len(timed.wall)} timed steps, {wall / max(len(timed.wall), 1):.2f} s/step, {tokens / wall:,.0f} tokens/s, "
         f"MFU {mfu:.1%} of {peak / 1e12:,.0f} TFLOP/s measured bf16 peak, peak memory {memory:.1f} GiB, "
         f"losses {', '.join(f'{x:.3f}' for x in losses) or 'not logged'}")
    del trainer
    torch.cuda.empty_cache()
    return ok


def vllm_child(base_dir: str, adapter: str, prompts: int, tokens: int, peak: float, n_params: int) -> int:
    """Run in a fresh process: vLLM serves the base with the adapter via LoRA (as ``generate_vllm`` does)."""
    from vllm import LLM, SamplingParams
    from vllm.lora.request import LoRARequest

    from alignment.data.dataset import read_prompts

    rank = json.loads((Path(adapter) / "adapter_config.json").read_text())["r"]
    start = time.perf_counter()
    llm = LLM(model=base_dir, dtype="bfloat16", seed=0, enable_lora=True, max_lora_rank=max(16, rank), max_loras=1,
              max_model_len=2048, gpu_memory_utilization=0.8)
    load = time.perf_counter() - start
    texts = [x["prompt"] for x in read_prompts(ROOT / "data/eval/redteam.jsonl", limit=prompts)]
    params = SamplingParams(max_tokens=tokens, temperature=0.0, ignore_eos=True)
    lora = LoRARequest("candidate", 1, adapter)
    chats = [[{"role": "user", "content": p}] for p in texts]
    llm.chat(chats[:2], SamplingParams(max_tokens=4), lora_request=lora, use_tqdm=False)  # warm-up, adapter load
    start = time.perf_counter()
    outputs = llm.chat(chats, params, lora_request=lora, use_tqdm=False)
    seconds = time.perf_counter() - start
    generated = sum(len(o.outputs[0].token_ids) for o in outputs)
    rate = generated / seconds
    print(json.dumps({"load_s": load, "seconds": seconds, "generated": generated, "tokens_s": rate,
                      "mfu": 2 * n_params * rate / peak, "prompts": len(texts)}), flush=True)
    return 0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=4, help="timed steps per trainer")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--seq", type=int, default=512)
    p.add_argument("--prompts", type=int, default=64)
    p.add_argument("--tokens", type=int, default=128, help="new tokens per prompt (EOS ignored)")
    p.add_argument("--time-limit", type=int, default=470, help="seconds before the check gives up (exit 3)")
    p.add_argument("--cache", default=os.environ.get("SINGALIGN_CACHE", str(ROOT / ".cache" / "singalign")))
    p.add_argument("--vllm-child", nargs=4, metavar=("BASE", "ADAPTER", "PEAK", "PARAMS"), help=argparse.SUPPRESS)
    args = p.parse_args()

    if args.vllm_child:
        base_dir, adapter, peak, n_params = args.vllm_child
        sys.exit(vllm_child(base_dir, adapter, args.prompts, args.tokens, float(peak), int(n_params)))

    deadline = time.monotonic() + args.time_limit
    signal.signal(signal.SIGALRM, lambda *_: die(f"time limit of {args.time_limit} s reached; parts done: "
                                                 f"{[(n, 'PASS' if ok else 'FAIL') for n, ok, _ in RESULTS]}", 3))
    signal.alarm(args.time_limit)
    gpu_or_die()

    import importlib.util

    import torch
    import transformers

    from alignment.config import BaseModelSettings, TrainingSettings
    from alignment.models import ResolvedModel, load_tokenizer, resolve_base_model
    from alignment.training.perf import measure_peak_flops
    from alignment.training.stages import build_trainer

    transformers.utils.logging.set_verbosity_error()
    device = torch.cuda.get_device_name()
    peak = measure_peak_flops("cuda", "bfloat16", n=8192, repeats=10)
    part("bf16 matmul peak", peak > 0, f"{device}: {peak / 1e12:,.0f} TFLOP/s (8192^3 torch.matmul, best of 10)")

    tmp = Path(tempfile.mkdtemp(prefix="singalign-gpu-check-"))
    tokenizer = load_tokenizer(resolve_base_model(BaseModelSettings(), Path(args.cache)).path)
    start = time.perf_counter()
    n_params = build_model(tmp / "base", tokenizer)
    print(f"model: Llama-3-8B shape (random weights), vocabulary {len(tokenizer):,} (bundled SmolLM2 tokenizer), "
          f"{n_params / 1e9:.2f}B parameters; built and saved in {time.perf_counter() - start:.0f} s", flush=True)
    base = ResolvedModel(path=str(tmp / "base"), id="llama3-8b-shape-random", revision="random-seed-0")

    training = TrainingSettings(device="cuda", seed=0, reuse_cached=False)
    for stage in (training.sft, training.kto):
        stage.max_steps, stage.per_device_train_batch_size = args.warmup + args.steps, args.batch
        stage.max_length, stage.gradient_checkpointing, stage.logging_steps = args.seq, True, 1
    rows = training_rows()
    sft_dir, kto_dir = tmp / "sft", tmp / "kto_s"
    ok_sft = ok_kto = False
    try:
        ok_sft = train_part("sft", lambda cb: build_trainer("sft", rows, base, training, sft_dir, callbacks=[cb]),
                            args.steps, args.warmup, peak, sft_dir)
    except Exception as exc:  # noqa: BLE001 - one line per failed part, the check goes on
        part("sft bf16 training", False, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    if ok_sft:
        try:
            ok_kto = train_part("kto_s", lambda cb: build_trainer("kto_s", rows, base, training, kto_dir, str(sft_dir),
                                                                  callbacks=[cb]),
                                args.steps, args.warmup, peak, kto_dir)
        except Exception as exc:  # noqa: BLE001
            part("kto_s bf16 training", False, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    else:
        part("kto_s bf16 training", False, "skipped: SFT failed")

    if importlib.util.find_spec("vllm") is None:
        print("SKIP vllm LoRA serving: vLLM is not importable here (pip install vllm)", flush=True)
    elif not ok_kto:
        part("vllm LoRA serving", False, "skipped: no KTO-S adapter")
    else:
        import gc

        gc.collect()
        torch.cuda.empty_cache()
        remaining = int(deadline - time.monotonic()) - 5
        cmd = [sys.executable, __file__, "--prompts", str(args.prompts), "--tokens", str(args.tokens),
               "--vllm-child", str(tmp / "base"), str(kto_dir), repr(peak), str(n_params)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=max(remaining, 1))
            last = [l for l in proc.stdout.splitlines() if l.startswith("{")]
            if proc.returncode == 0 and last:
                r = json.loads(last[-1])
                part("vllm LoRA serving", r["generated"] > 0,
                     f"{r['prompts']} prompts x {args.tokens} tokens: {r['tokens_s']:,.0f} generated tokens/s, "
                     f"MFU {r['mfu']:.1%} (decode is memory-bound), engine start {r['load_s']:.0f} s")
            else:
                tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
                part("vllm LoRA serving", False, f"exit {proc.returncode}: {tail}")
        except subprocess.TimeoutExpired:
            part("vllm LoRA serving", False, f"did not finish within the remaining {remaining} s")

    signal.alarm(0)
    failed = [n for n, ok, _ in RESULTS if not ok]
    print(f"gpu-check: {'FAIL: ' + ', '.join(failed) if failed else 'PASS'} "
          f"({args.time_limit - int(deadline - time.monotonic())} s)", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
