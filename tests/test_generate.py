"""Batched generation (``alignment/evaluation/generate.py``) on the real embedded model: batches are cut from the
prompts sorted by length, and every response comes back in its own prompt's place."""

from __future__ import annotations

from alignment.config import GenerationSettings


def test_responses_come_back_in_the_prompts_order_whatever_order_they_are_batched_in(base_model):
    from alignment.evaluation.generate import generate_responses
    from alignment.models import load_causal_lm, load_tokenizer

    prompts = ["Hi", "Where got nice chicken rice in Bedok ah?", "What is 2 + 2?",
               "Can explain to me how the MRT fare system works in Singapore, step by step, for a tourist visiting?",
               "Recommend one book lah"]
    tokenizer, model = load_tokenizer(base_model), load_causal_lm(base_model)
    settings = GenerationSettings(max_new_tokens=8, batch_size=2)
    lengths = [len(tokenizer(p)["input_ids"]) for p in prompts]
    assert len(set(lengths)) == len(prompts)  # distinct lengths: both orders make the same batches
    forward = generate_responses(model, tokenizer, prompts, settings)
    backward = generate_responses(model, tokenizer, prompts[::-1], settings)
    assert backward[::-1] == forward
    assert all(len(r) == 1 and r[0] for r in forward)
    alone = generate_responses(model, tokenizer, [prompts[0]], GenerationSettings(max_new_tokens=8, batch_size=1))
    assert alone[0] == forward[0]  # the shortest prompt, batched with the second shortest, answered as alone
