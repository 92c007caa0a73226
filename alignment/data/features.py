"""Derived columns the validation suites and the drift report look at.

These compute facts about rows (a normalised prompt, a pair hash, whether Singlish markers occur); whether a fact
is acceptable is decided by the Great Expectations suites. Everything is vectorised (pyarrow compute / pandas),
so a million rows take seconds.
"""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def _lexicon_list(name: str) -> tuple[str, ...]:
    """The words of one list in singlish_lexicon.json, in their "in" positions (shared with data/generate.py)."""
    words = json.loads(resources.files(__package__).joinpath("singlish_lexicon.json").read_text(encoding="utf-8"))
    placed = sorted((w["in"][name], w["word"]) for w in words["words"] if name in w.get("in", {}))
    if [i for i, _ in placed] != list(range(len(placed))):
        raise ValueError(f"singlish_lexicon.json: the positions of list {name!r} are not 0..n-1")
    return tuple(word for _, word in placed)


# Discourse particles and common Singlish words (alignment/data/singlish_lexicon.json). A row "has Singlish markers"
# when its prompt or completion holds one of them as a whole word. The list is deliberately conservative: words
# shared with standard English ("one", "got", "can") are left out so that standard English does not count as
# Singlish.
SINGLISH_MARKERS = _lexicon_list("markers")
PARTICLES = _lexicon_list("particles")

_MARKER_RE = r"(?i)\b(" + "|".join(m.replace(" ", r"\s+") for m in SINGLISH_MARKERS) + r")\b"
_PARTICLE_RE = r"(?i)\b(" + "|".join(PARTICLES) + r")\b"


def _arrow(series: pd.Series) -> pa.ChunkedArray:
    return pa.chunked_array([pa.array(series.astype(object).where(series.notna(), None), type=pa.string())]) \
        if not isinstance(series.dtype, pd.ArrowDtype) else series.array._pa_array


def normalise_prompt(series: pd.Series) -> pd.Series:
    """Case, spacing and punctuation folded away: "Eh, how to  KILL a process?" → "eh how to kill a process"."""
    arr = _arrow(series)
    arr = pc.utf8_lower(arr)
    arr = pc.replace_substring_regex(arr, r"[^\p{L}\p{N}\s]+", "")
    arr = pc.replace_substring_regex(arr, r"\s+", " ")
    arr = pc.utf8_trim_whitespace(arr)
    return pd.Series(pd.arrays.ArrowExtensionArray(arr), index=series.index)


def normalise_prompts(prompts: list[str]) -> list[str]:
    return [str(p) for p in normalise_prompt(pd.Series(prompts, dtype=object)).tolist()]


def has_singlish(prompt: pd.Series, completion: pd.Series) -> pd.Series:
    """1.0 where the prompt or the completion holds a Singlish marker, else 0.0 (float, so its mean is a share)."""
    hit = pc.or_kleene(pc.match_substring_regex(_arrow(prompt), _MARKER_RE),
                       pc.match_substring_regex(_arrow(completion), _MARKER_RE))
    return pd.Series(pc.fill_null(hit, False).to_numpy(zero_copy_only=False).astype(float), index=prompt.index)


def particles_per_100_words(text: pd.Series) -> pd.Series:
    arr = _arrow(text)
    particles = pc.count_substring_regex(arr, _PARTICLE_RE).to_numpy(zero_copy_only=False).astype(float)
    words = pc.count_substring_regex(arr, r"\S+").to_numpy(zero_copy_only=False).astype(float)
    return pd.Series(100.0 * particles / np.maximum(words, 1.0), index=text.index)


def pair_hash(prompt: pd.Series, completion: pd.Series) -> pd.Series:
    """A 64-bit hash of the exact (prompt, completion) texts, for duplicate and conflict checks."""
    frame = pd.DataFrame({"p": prompt.astype(object), "c": completion.astype(object)})
    return pd.util.hash_pandas_object(frame, index=False)
