"""The incoming-data contract and every validation rule, through the real GX suite and the CLI."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from alignment.data.dataset import canonical_rows, dataset_sha256
from alignment.data.validate import validate_batch

ROOT = Path(__file__).resolve().parent.parent
GOOD = {"id": "r1", "prompt": "Eh where got nice laksa?", "completion": "Try Katong lah, shiok!", "label": True,
        "category": "benign", "source": "test"}


def write(tmp_path, *lines, name="batch.jsonl"):
    path = tmp_path / name
    path.write_text("".join((l if isinstance(l, str) else json.dumps(l)) + "\n" for l in lines), encoding="utf-8")
    return path


def row(**changes):
    out = {**GOOD, **changes}
    return {k: v for k, v in out.items() if v is not ...}


def findings(path):
    report, _ = validate_batch([path])
    return report


def test_bundled_training_data_is_valid():
    report, read = validate_batch([ROOT / "data" / "train"])
    assert report.ok, report.render()
    assert report.rows >= 150 and set(read.rows["category"]) >= {"benign", "toxic", "hateful", "self_harm"}


def test_a_valid_row_and_a_paired_row(tmp_path):
    pair = {"id": "p1", "prompt": "Teach me scold people", "chosen": "Cannot lah", "rejected": "Okay, call him stupid",
            "category": "harassment", "source": "t"}
    report, read = validate_batch([write(tmp_path, GOOD, pair)])
    assert report.ok, report.render()
    assert sorted(read.rows["id"]) == ["p1#chosen", "p1#rejected", "r1"]
    chosen = read.rows.set_index("id").loc["p1#chosen"]
    assert chosen["label"] is True and chosen["completion"] == "Cannot lah" and chosen["pair_id"] == "p1"


@pytest.mark.parametrize(
    "bad, field, rule",
    [
        (row(id=...), "id", "required field is missing"),
        (row(prompt="   "), "prompt", "must not be blank"),
        (row(prompt=None), "prompt", "required field is missing"),
        (row(completion={"text": "nested"}), "completion", "must be a string"),
        (row(label="true"), "label", "must be a JSON boolean"),
        (row(label=1), "label", "must be a JSON boolean"),
        (row(category="spam"), "category", "not in the taxonomy"),
        (row(source=...), "source", "required field is missing"),
        (row(id="../../x"), "id", "no spaces, slashes or path parts"),
        (row(prompt="x" * 5000), "prompt", "length outside bounds"),
    ],
)
def test_each_rule_names_file_line_field_and_rule(tmp_path, bad, field, rule):
    path = write(tmp_path, GOOD | {"id": "ok0"}, bad)
    report = findings(path)
    assert not report.ok
    (f,) = report.errors
    assert (f.file, f.line, f.field) == (str(path), 2, field)
    assert rule in f.rule


def test_duplicate_ids_are_reported_on_both_lines(tmp_path):
    report = findings(write(tmp_path, GOOD, GOOD | {"prompt": "other"}))
    assert [(f.line, f.rule) for f in report.errors] == [(1, "duplicate id"), (2, "duplicate id")]


@pytest.mark.parametrize(
    "content, rule",
    [
        (b'{"id": "a", "prompt": \n', "invalid JSON"),
        (b'[{"id": "a"}]\n', "JSON array"),
        (b'"just a string"\n', "expected a JSON object"),
        (b"\xff\xfe{}\n", "not valid UTF-8"),
        (b"id,prompt\n", "invalid JSON"),
        (b"", "empty file"),
    ],
)
def test_files_that_are_not_jsonl(tmp_path, content, rule):
    path = tmp_path / "x.jsonl"
    path.write_bytes(content)
    report = findings(path)
    assert not report.ok and rule in report.errors[0].rule and report.errors[0].file == str(path)


def test_bom_is_accepted_and_truncated_last_line_is_named(tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD).encode() + b"\n" + json.dumps(GOOD | {"id": "r2"}).encode()[:-5])
    (f,) = findings(path).errors
    assert f.line == 2 and "truncated" in f.rule


def test_directory_without_data_files(tmp_path):
    (tmp_path / "notes.txt").write_text("hi")
    (f,) = findings(tmp_path).errors
    assert "no data files" in f.rule


def test_dataset_hash_ignores_file_order_and_row_order(tmp_path):
    a = write(tmp_path, GOOD, GOOD | {"id": "r2"}, name="a.jsonl")
    b = write(tmp_path, GOOD | {"id": "r2"}, GOOD, name="b.jsonl")
    ha = dataset_sha256(canonical_rows(validate_batch([a])[1].rows))
    hb = dataset_sha256(canonical_rows(validate_batch([b])[1].rows))
    assert ha == hb


def _singalign(*args):
    return subprocess.run([sys.executable, "-m", "singalign.cli", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_validate_exit_codes_and_inputs_untouched(tmp_path):
    bad = write(tmp_path, GOOD, row(id="r2", label="yes"))
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    proc = _singalign("validate", str(bad))
    assert proc.returncode == 1
    assert f"{bad}:2 field 'label'" in proc.stderr and "must be a JSON boolean" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before

    good = write(tmp_path, GOOD, name="good.jsonl")
    proc = _singalign("validate", str(good), "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["ok"] is True

    assert _singalign("validate").returncode == 2  # usage error: no path


def test_evaluation_limit_is_stratified_across_categories():
    from alignment.data.dataset import read_prompts

    prompts = read_prompts(ROOT / "data" / "eval" / "redteam.jsonl", limit=14)
    cats = [p["category"] for p in prompts]
    assert len(prompts) == 14 and all(cats.count(c) == 2 for c in set(cats)) and len(set(cats)) == 7
