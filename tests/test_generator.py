"""data/generate.py and its data files (data/generator/, alignment/data/singlish_lexicon.json) reproduce the
bundled data: every file it writes equals the committed one byte for byte, so a plain run in the repository
changes nothing. That includes the red-team and generalisation sets, whose hand-written prompts (ids from 100000
on, with a `shape`) the generator reads from data/generator/eval_handwritten.json and interleaves with the
generated ones, and the generated part of the scorer corpus, data/scorer/corpus_generated.jsonl."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

WRITTEN = ("train/singlish_safety.jsonl", "train/singlish_pairs.jsonl", "eval/redteam.jsonl", "eval/benign.jsonl",
           "eval/generalisation.jsonl", "scorer/corpus_generated.jsonl")


def test_the_generator_reproduces_every_bundled_file_it_writes_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(DATA / "generate.py"), "--out", str(tmp_path)], check=True,
                   capture_output=True, timeout=300)
    out = tmp_path / "data"
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == sorted(WRITTEN)
    for name in WRITTEN:
        assert (out / name).read_bytes() == (DATA / name).read_bytes(), name

