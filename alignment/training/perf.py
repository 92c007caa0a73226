"""Throughput accounting for the benches: this machine's measured matmul peak, and the model FLOPs a LoRA step does.

FLOP convention (``FlopMeter``): N = weights of the model's matrix multiplies (every ``nn.Linear`` of the
decoder, LoRA A/B included, plus the LM head; the embedding lookup is not a matmul). Per token a forward costs
2·N; a backward through the frozen base costs another 2·N (activation gradients only: frozen weights get no
weight gradient) plus 2·N_lora for the LoRA weight gradients. The LM head's share (2·N_head each way) is counted
only at positions that have a label (completion tokens): scoring the prompt is not needed work. Attention's QKᵀ and AV products are left out (under
4% at 128 tokens for SmolLM2-135M). Tokens are the real tokens the backbone runs (attention-mask ones; padding is
not counted), so removing padding raises MFU and a padded batch pays for its padding in MFU. Backward tokens are
counted only where a gradient actually flows back into the backbone (a forward whose output ends up unused, e.g.
KTO-S's mismatched completions on a step whose z0 clamps, counts as a forward only).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field


def measure_peak_flops(device: str = "cpu", dtype: str = "float32", n: int | None = None, repeats: int = 5) -> float:
    """Best-of-``repeats`` FLOP/s of an n×n by n×n ``torch.matmul`` (2·n³ FLOPs) on ``device`` in ``dtype``."""
    import torch

    dt = getattr(torch, dtype)
    n = n or (2048 if device == "cpu" else 8192)
    a = torch.randn(n, n, device=device).to(dt)
    b = torch.randn(n, n, device=device).to(dt)
    sync = torch.cuda.synchronize if device.startswith("cuda") else (lambda: None)
    torch.matmul(a, b)
    sync()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        torch.matmul(a, b)
        sync()
        best = min(best, time.perf_counter() - start)
    return 2 * n**3 / best


def backbone_of(model):
    """The decoder stack (the module holding ``layers`` and ``embed_tokens``) inside a PEFT/HF causal LM."""
    for module in model.modules():
        if hasattr(module, "layers") and hasattr(module, "embed_tokens"):
            return module
    raise ValueError(f"no decoder backbone found in {type(model).__name__}")


def head_params(model) -> int:
    out = model.get_output_embeddings() if hasattr(model, "get_output_embeddings") else None
    return out.weight.numel() if out is not None else 0


def matmul_params(model) -> tuple[int, int]:
    """(N, N_lora): weights of every Linear in the model (LoRA A/B counted in both) plus the LM head."""
    import torch

    total = lora = 0
    seen = set()
    for name, module in model.named_modules():
        if isinstance(module, torch.nn.Linear) and id(module.weight) not in seen:
            seen.add(id(module.weight))
            total += module.weight.numel()
            if "lora_" in name:
                lora += module.weight.numel()
    out = model.get_output_embeddings() if hasattr(model, "get_output_embeddings") else None
    if out is not None and id(out.weight) not in seen:  # a tied LM head is an Embedding's weight, not a Linear
        total += out.weight.numel()
    return total, lora


@dataclass
class FlopMeter:
    """Counts the tokens the backbone runs forward and backward while ``active``; ``flops()`` applies the
    convention in this module's docstring."""

    n_params: int
    n_lora: int
    n_head: int = 0
    active: bool = False
    forward_tokens: int = 0
    backward_tokens: int = 0
    forward_labelled: int = 0
    backward_labelled: int = 0
    padded_tokens: int = 0
    _labelled: int | None = None
    _handles: list = field(default_factory=list)

    @classmethod
    def attach(cls, model) -> FlopMeter:
        import torch

        n, n_lora = matmul_params(model)
        meter = cls(n, n_lora, head_params(model))

        def labels_hook(module, args, kwargs):
            labels = kwargs.get("labels")
            meter._labelled = int((labels[..., 1:] != -100).sum()) if isinstance(labels, torch.Tensor) else None

        def hook(module, args, kwargs, output):
            if not meter.active:
                return
            ids = kwargs.get("input_ids", args[0] if args else None)
            mask = kwargs.get("attention_mask")
            ref = ids if ids is not None else kwargs.get("inputs_embeds")
            padded = ref.shape[0] * ref.shape[1]
            real = int(mask.sum()) if isinstance(mask, torch.Tensor) and mask.dim() == 2 else padded
            labelled = real if meter._labelled is None else meter._labelled
            meter._labelled = None
            meter.forward_tokens += real
            meter.forward_labelled += labelled
            meter.padded_tokens += padded
            hidden = output[0] if isinstance(output, tuple) else output.last_hidden_state
            if hidden.requires_grad:
                def count(grad, real=real, labelled=labelled):
                    if meter.active:
                        meter.backward_tokens += real
                        meter.backward_labelled += labelled
                hidden.register_hook(count)

        meter._handles.append(model.register_forward_pre_hook(labels_hook, with_kwargs=True))
        meter._handles.append(backbone_of(model).register_forward_hook(hook, with_kwargs=True))
        return meter

    def reset(self) -> None:
        self.forward_tokens = self.backward_tokens = self.padded_tokens = 0
        self.forward_labelled = self.backward_labelled = 0

    def flops(self) -> float:
        body = self.n_params - self.n_head
        return (2 * body * (self.forward_tokens + self.backward_tokens)
                + 2 * self.n_head * (self.forward_labelled + self.backward_labelled)
                + 2 * self.n_lora * self.backward_tokens)

    def detach(self) -> None:
        for h in self._handles:
            h.remove()
        self._handles.clear()


class TimedSteps:
    """Times the steps after the warm-up (wall and process CPU seconds), counts their model FLOPs (``meter``) and
    the real tokens of their training batches (``batch_tokens``: attention-mask ones, or the packed length of a
    padding-free batch; for KTO the matched prompt+completion rows, the KL rows and reference passes being in the
    FLOPs only)."""

    def __init__(self, warmup: int, cuda: bool = False):
        from transformers import TrainerCallback

        sync = (lambda: __import__("torch").cuda.synchronize()) if cuda else (lambda: None)
        timer = self
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.meter = None
        self.batch_tokens = 0

        class _CB(TrainerCallback):
            def on_step_begin(self, args, state, control, **kw):
                sync()
                timer.meter.active = state.global_step >= warmup
                timer._t, timer._c = time.perf_counter(), time.process_time()

            def on_step_end(self, args, state, control, **kw):
                sync()
                if state.global_step > warmup:
                    timer.wall.append(time.perf_counter() - timer._t)
                    timer.cpu.append(time.process_time() - timer._c)
                timer.meter.active = False

        self.callback = _CB()

    def attach(self, trainer) -> None:
        self.meter = FlopMeter.attach(trainer.model)
        inner = trainer.training_step

        def training_step(model, inputs, *args, **kwargs):
            if self.meter.active:
                mask = inputs.get("attention_mask")
                self.batch_tokens += int(mask.sum()) if mask is not None else int(inputs["input_ids"].numel())
            return inner(model, inputs, *args, **kwargs)

        trainer.training_step = training_step
