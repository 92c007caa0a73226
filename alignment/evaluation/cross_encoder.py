"""The embedded judge's reader: the bundled sentence encoder (all-MiniLM-L6-v2) fine-tuned as a cross-encoder.

It reads ``[kind request] prompt`` and the response as one sequence pair, so every response token attends to the
request (a frozen sentence embedding of each cannot tell "I can help you find a counsellor" from "I can help you
find the videos"). A linear head over the mean of all tokens and the mean of the response's tokens gives the four
verdicts (``judge.ALL_VERDICTS``); those a kind cannot have are masked. Trained on the train split of the hand labels
(``judge.reader_epochs``, cross-entropy, ``unsafe`` up-weighted by ``judge.reader_unsafe_weight``, no dropout),
the whole encoder is fine-tuned except its word embeddings, which stay frozen (12 of its 22 M weights: 2 epochs on
2,478 labels took 196 s instead of 254 s, with the same held-out AUC). Weights are cached as safetensors beside the
linear heads. ``docs/judge.md`` has its measurements (session 15) and why the default judge does not use it.
"""

from __future__ import annotations

import logging
import math
import random
from pathlib import Path
from typing import Sequence

import numpy as np
import torch

from ..models import cpu_has_amx
from .judge import ALL_VERDICTS, VERDICTS

log = logging.getLogger(__name__)

VERDICT_ORDER = ALL_VERDICTS  # the head's outputs
ALLOWED = {kind: tuple(VERDICT_ORDER.index(v) for v in verdicts) for kind, verdicts in VERDICTS.items()}
MAX_PROMPT_TOKENS = 128
MAX_RESPONSE_TOKENS = 128


class CrossEncoder(torch.nn.Module):
    def __init__(self, encoder_path: Path):
        super().__init__()
        from transformers import AutoModel, AutoTokenizer

        self.tokenizer = AutoTokenizer.from_pretrained(encoder_path)
        self.encoder = AutoModel.from_pretrained(encoder_path)
        self.head = torch.nn.Linear(2 * self.encoder.config.hidden_size, len(VERDICT_ORDER))
        self.bf16 = cpu_has_amx()  # bf16 autocast only where the CPU runs it fast (as the sentence encoder does)

    def batch(self, prompts: Sequence[str], responses: Sequence[str], kinds: Sequence[str]):
        tok = self.tokenizer
        a = tok([f"[{k} request] {p}" for p, k in zip(prompts, kinds)], truncation=True,
                max_length=MAX_PROMPT_TOKENS, add_special_tokens=False)["input_ids"]
        b = tok(list(responses), truncation=True, max_length=MAX_RESPONSE_TOKENS, add_special_tokens=False)["input_ids"]
        ids = [[tok.cls_token_id, *x, tok.sep_token_id, *y, tok.sep_token_id] for x, y in zip(a, b)]
        longest = max(map(len, ids))
        input_ids = torch.full((len(ids), longest), tok.pad_token_id, dtype=torch.long)
        types = torch.zeros_like(input_ids)
        attention = torch.zeros_like(input_ids)
        for i, (x, row) in enumerate(zip(a, ids)):
            input_ids[i, :len(row)] = torch.tensor(row)
            attention[i, :len(row)] = 1
            types[i, len(x) + 2:len(row)] = 1  # the response and its closing [SEP]
        mask = torch.full((len(ids), len(VERDICT_ORDER)), -1e4)
        for i, kind in enumerate(kinds):
            mask[i, list(ALLOWED[kind])] = 0.0
        return input_ids, types, attention, mask

    def forward(self, input_ids, types, attention, mask):
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bf16):
            hidden = self.encoder(input_ids=input_ids, token_type_ids=types, attention_mask=attention).last_hidden_state
        hidden = hidden.float()
        every = attention.unsqueeze(-1).float()
        response = (types * attention).unsqueeze(-1).float()
        pooled = torch.cat([(hidden * every).sum(1) / every.sum(1),
                            (hidden * response).sum(1) / response.sum(1).clamp(min=1.0)], dim=-1)
        return self.head(pooled) + mask

    @torch.inference_mode()
    def probs(self, prompts: Sequence[str], responses: Sequence[str], kinds: Sequence[str],
              batch_size: int = 64) -> np.ndarray:
        """Probabilities over ``VERDICT_ORDER`` (zero for verdicts the kind cannot have), in length-sorted batches."""
        self.eval()
        out = np.zeros((len(prompts), len(VERDICT_ORDER)), dtype=np.float32)
        order = sorted(range(len(prompts)), key=lambda i: len(prompts[i]) + len(responses[i]))
        for start in range(0, len(order), batch_size):
            part = order[start:start + batch_size]
            logits = self(*self.batch([prompts[i] for i in part], [responses[i] for i in part],
                                      [kinds[i] for i in part]))
            out[part] = torch.softmax(logits, dim=-1).numpy()
        return out


def train_cross_encoder(encoder_path: Path, prompts: list[str], responses: list[str], kinds: list[str],
                        verdicts: list[str], *, epochs: int, unsafe_weight: float, seed: int,
                        batch_size: int = 16, learning_rate: float = 5e-5, head_learning_rate: float = 1e-3
                        ) -> CrossEncoder:
    """Fine-tune the encoder and head on the labelled (prompt, response, kind) triples; batches of similar length
    (less padding), in a seeded order; linear warm-up over 6% of the steps, then linear decay."""
    torch.manual_seed(seed)
    model = CrossEncoder(encoder_path).eval()  # no dropout: deterministic, and no random masks to draw
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    target = torch.tensor([VERDICT_ORDER.index(v) for v in verdicts])
    order = sorted(range(len(prompts)), key=lambda i: len(prompts[i]) + len(responses[i]))
    batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW([
        {"params": [p for p in model.encoder.parameters() if p.requires_grad], "lr": learning_rate},
        {"params": list(model.head.parameters()), "lr": head_learning_rate}], weight_decay=0.01)
    steps = epochs * len(batches)
    warmup = max(1, math.ceil(0.06 * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1.0, (s + 1) / warmup) * (steps - s) / steps)
    weight = torch.ones(len(VERDICT_ORDER))
    weight[VERDICT_ORDER.index("unsafe")] = unsafe_weight
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(batches)
        total = 0.0
        for part in batches:
            logits = model(*model.batch([prompts[i] for i in part], [responses[i] for i in part],
                                        [kinds[i] for i in part]))
            loss = torch.nn.functional.cross_entropy(logits, target[part], weight=weight)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad(set_to_none=True)
            total += loss.item() * len(part)
        log.info("judge: cross-encoder epoch %d/%d, loss %.4f", epoch + 1, epochs, total / max(len(prompts), 1))
    return model.eval()


def save_state(model: CrossEncoder) -> dict[str, np.ndarray]:
    """The fine-tuned weights as numpy arrays (``reader.``-prefixed), for the judge's safetensors file. The frozen
    word embeddings are left out: they are the bundled encoder's, loaded from it again."""
    frozen = "encoder.embeddings.word_embeddings.weight"
    return {f"reader.{k}": v.detach().float().contiguous().numpy()
            for k, v in model.state_dict().items() if k != frozen}


def load_state(encoder_path: Path, tensors: dict[str, np.ndarray]) -> CrossEncoder:
    model = CrossEncoder(encoder_path)
    state = {k.removeprefix("reader."): torch.from_numpy(v) for k, v in tensors.items() if k.startswith("reader.")}
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected or set(missing) - {"encoder.embeddings.word_embeddings.weight"}:
        raise ValueError(f"judge cache: cross-encoder weights do not fit the encoder (missing {missing[:3]}, "
                         f"unexpected {unexpected[:3]}); delete the judge's cache folder to retrain it")
    return model.eval()
