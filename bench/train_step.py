"""Training step time: our KTO-S trainer against stock TRL KTOTrainer at the same config, and SFT tokens per second.

    .venv/bin/python bench/train_step.py                 # CPU, the embedded SmolLM2-135M
    .venv/bin/python bench/train_step.py --llama8b       # GPU, bf16, a Llama-3-8B-shaped model with random weights

Both KTO trainers continue the same LoRA adapter on the same batches (model, batch size, sequence length, LoRA
rank identical); the runs alternate (stock, ours, stock, ours) so machine drift hits both. Steps after the warm-up
are timed by a callback. Target (issue #4): KTO-S costs no more than 1.25x KTO per step.
With ``--llama8b`` it also reports model FLOPs utilisation, counting 6 x parameters FLOPs per trained token (the
usual convention; LoRA's frozen base still runs the full forward and backward) against the GPU's bf16 peak.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

H100_BF16_DENSE_FLOPS = 989e12  # SXM, dense (no sparsity)


def rows(n: int):
    import pandas as pd

    data = [json.loads(l) for l in (ROOT / "data/train/singlish_safety.jsonl").read_text().splitlines()][:n]
    return pd.DataFrame(data).assign(pair_id=None)


class StepTimer:
    def __init__(self, warmup: int):
        from transformers import TrainerCallback

        timer = self

        class _CB(TrainerCallback):
            def on_step_begin(self, args, state, control, **kw):
                timer._t = time.perf_counter()

            def on_step_end(self, args, state, control, **kw):
                if state.global_step > warmup:
                    timer.times.append(time.perf_counter() - timer._t)

        self.times: list[float] = []
        self.callback = _CB()


def model_and_tokenizer(args):
    import torch
    from transformers import AutoTokenizer

    from alignment.config import BaseModelSettings
    from alignment.models import resolve_base_model

    base = resolve_base_model(BaseModelSettings(), Path(args.cache))
    tokenizer = AutoTokenizer.from_pretrained(base.path)
    if not args.llama8b:
        from alignment.models import load_causal_lm

        return (lambda: load_causal_lm(base.path)), tokenizer
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(hidden_size=4096, intermediate_size=14336, num_hidden_layers=32, num_attention_heads=32,
                         num_key_value_heads=8, vocab_size=128256, max_position_embeddings=8192, rope_theta=500000.0,
                         torch_dtype="bfloat16")

    def build():
        with torch.device("cuda"):
            return LlamaForCausalLM(config).to(torch.bfloat16)

    return build, tokenizer


def kto_trainer(cls, build, tokenizer, adapter, args, out, timer, variant=None):
    from peft import PeftModel
    from trl import KTOConfig

    from alignment.training.kto_s import kto_dataset

    model = PeftModel.from_pretrained(build(), adapter, is_trainable=True)
    cfg = KTOConfig(output_dir=str(out), max_steps=args.warmup + args.steps, per_device_train_batch_size=args.batch,
                    max_length=args.seq, learning_rate=1e-5, report_to=[], save_strategy="no", logging_steps=1000,
                    use_cpu=not args.llama8b, bf16=args.llama8b, gradient_checkpointing=args.llama8b,
                    disable_tqdm=True, seed=0, dataloader_num_workers=0, beta=0.1)
    kw = {"variant": variant} if variant else {}
    return cls(model=model, args=cfg, train_dataset=kto_dataset(rows(args.rows), 0), processing_class=tokenizer,
               callbacks=[timer.callback], **kw)


def sft_tokens_per_second(build, tokenizer, args, out) -> tuple[float, float]:
    from trl import SFTConfig, SFTTrainer

    from alignment.config import LoraSettings
    from alignment.training.common import lora_config
    from alignment.training.sft import sft_dataset

    timer = StepTimer(args.warmup)
    cfg = SFTConfig(output_dir=str(out), max_steps=args.warmup + args.steps, per_device_train_batch_size=args.batch,
                    max_length=args.seq, learning_rate=1e-4, report_to=[], save_strategy="no", logging_steps=1000,
                    use_cpu=not args.llama8b, bf16=args.llama8b, gradient_checkpointing=args.llama8b,
                    disable_tqdm=True, seed=0, completion_only_loss=True, packing=False,
                    include_num_input_tokens_seen="non_padding")
    trainer = SFTTrainer(model=build(), args=cfg, train_dataset=sft_dataset(rows(args.rows), 0),
                         processing_class=tokenizer, peft_config=lora_config(LoraSettings(r=args.rank)),
                         callbacks=[timer.callback])
    start_tokens = {}

    from transformers import TrainerCallback

    class Tokens(TrainerCallback):
        def on_step_end(self, a, state, control, **kw):
            if state.global_step == args.warmup:
                start_tokens["n"] = state.num_input_tokens_seen

    trainer.add_callback(Tokens())
    trainer.train()
    tokens = trainer.state.num_input_tokens_seen - start_tokens.get("n", 0)
    params = sum(p.numel() for p in trainer.model.parameters())
    return tokens / sum(timer.times), params


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--llama8b", action="store_true", help="GPU: Llama-3-8B shape, random weights, bf16")
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--seq", type=int, default=128)
    p.add_argument("--rank", type=int, default=16)
    p.add_argument("--steps", type=int, default=3, help="timed steps per run")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--repeats", type=int, default=4, help="alternating runs per trainer (short runs, so drift in the machine hits both)")
    p.add_argument("--rows", type=int, default=400)
    p.add_argument("--cache", default=str(ROOT / ".cache" / "singalign"))
    args = p.parse_args()

    import torch
    from peft import get_peft_model
    from trl import KTOTrainer
    import transformers

    from alignment.config import LoraSettings
    from alignment.training.common import lora_config
    from alignment.training.kto_s import KTOSTrainer

    transformers.utils.logging.set_verbosity_error()
    if args.llama8b and not torch.cuda.is_available():
        sys.exit("--llama8b needs a CUDA GPU")
    build, tokenizer = model_and_tokenizer(args)
    tmp = Path(tempfile.mkdtemp(prefix="singalign-bench-"))
    adapter = tmp / "adapter"
    torch.manual_seed(0)
    get_peft_model(build(), lora_config(LoraSettings(r=args.rank))).save_pretrained(adapter)

    # Count the KTO-S steps whose z0 clamped at zero: those skip the backward through the mismatched completions.
    import alignment.training.kto_s as kto_s_module

    z0_calls = {"kto_s": 0, "clamped": 0}
    unpatched = kto_s_module.reference_point

    def counting_reference_point(*a, **kw):
        z0 = unpatched(*a, **kw)
        if (kw.get("variant") or a[2]) == "kto_s" and torch.is_grad_enabled():
            z0_calls["kto_s"] += 1
            z0_calls["clamped"] += not z0.requires_grad
        return z0

    kto_s_module.reference_point = counting_reference_point
    per_step: dict[str, list[float]] = {"kto": [], "kto_s": []}
    for rep in range(args.repeats):
        for name, cls, variant in (("kto", KTOTrainer, None), ("kto_s", KTOSTrainer, "kto_s")):
            timer = StepTimer(args.warmup)
            trainer = kto_trainer(cls, build, tokenizer, adapter, args, tmp / f"{name}-{rep}", timer, variant)
            trainer.train()
            per_step[name] += timer.times
            del trainer
            if args.llama8b:
                torch.cuda.empty_cache()
    kto, kto_s = (statistics.median(per_step[k]) for k in ("kto", "kto_s"))
    kto_mean, kto_s_mean = (statistics.fmean(per_step[k]) for k in ("kto", "kto_s"))
    device = torch.cuda.get_device_name() if args.llama8b else "CPU"
    print(f"device: {device}; model: {'Llama-3-8B shape (random)' if args.llama8b else 'SmolLM2-135M'}; "
          f"batch {args.batch}, max length {args.seq}, LoRA r={args.rank}; "
          f"{len(per_step['kto'])} timed steps per trainer")
    print(f"stock TRL KTOTrainer: {kto:.3f} s/step median, {kto_mean:.3f} mean")
    print(f"SingAlign KTOSTrainer (kto_s): {kto_s:.3f} s/step median, {kto_s_mean:.3f} mean")
    ratio = kto_s / kto
    print(f"KTO-S / KTO step time ratio: {ratio:.3f} on medians, {kto_s_mean / kto_mean:.3f} on means  "
          f"(target <= 1.25 on medians: {'OK' if ratio <= 1.25 else 'MISSED'})")
    print(f"KTO-S steps with z0 clamped at 0 (no backward through the KL completions): {z0_calls['clamped']} of "
          f"{z0_calls['kto_s']}")
    print("per-step seconds: " + "; ".join(f"{k}: " + ", ".join(f"{t:.1f}" for t in v) for k, v in per_step.items()))

    tokens_per_s, params = sft_tokens_per_second(build, tokenizer, args, tmp / "sft")
    print(f"SFT: {tokens_per_s:,.0f} tokens/s ({params / 1e6:,.0f}M parameters)")
    if args.llama8b:
        mfu = 6 * params * tokens_per_s / H100_BF16_DENSE_FLOPS
        print(f"SFT model FLOPs utilisation: {mfu:.1%} of {H100_BF16_DENSE_FLOPS / 1e12:.0f} TFLOP/s "
              f"(target >= 40%)")


if __name__ == "__main__":
    main()
