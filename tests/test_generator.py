"""data/generate.py and its data files (data/generator/, alignment/data/singlish_lexicon.json) reproduce the
bundled data: the files it writes equal the committed ones.

Two committed files have moved on from the generator's output since it last wrote them: data/scorer/
toxicity_corpus.jsonl was renamed corpus_generated.jsonl, and the red-team and generalisation sets gained
hand-written prompts (ids from 100000 on) and a new row order, so for those two the generated rows are compared
as a set with the committed rows below id 100000."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

SAME_BYTES = {"train/singlish_safety.jsonl": "train/singlish_safety.jsonl",
              "train/singlish_pairs.jsonl": "train/singlish_pairs.jsonl",
              "eval/benign.jsonl": "eval/benign.jsonl",
              "scorer/toxicity_corpus.jsonl": "scorer/corpus_generated.jsonl"}
EXTENDED = ("eval/redteam.jsonl", "eval/generalisation.jsonl")


def test_the_generator_reproduces_the_bundled_data(tmp_path):
    subprocess.run([sys.executable, str(DATA / "generate.py"), "--out", str(tmp_path)], check=True,
                   capture_output=True, timeout=300)
    written = sorted(p.relative_to(tmp_path / "data").as_posix() for p in (tmp_path / "data").rglob("*.jsonl"))
    assert written == sorted([*SAME_BYTES, *EXTENDED])
    for generated, committed in SAME_BYTES.items():
        assert (tmp_path / "data" / generated).read_bytes() == (DATA / committed).read_bytes(), generated
    for name in EXTENDED:
        generated = (tmp_path / "data" / name).read_text(encoding="utf-8").splitlines()
        committed = [line for line in (DATA / name).read_text(encoding="utf-8").splitlines()
                     if int(json.loads(line)["id"].split("-")[1]) < 100000]
        assert sorted(generated) == sorted(committed), name
