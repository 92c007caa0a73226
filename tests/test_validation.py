"""The incoming-data contract and every validation rule, through the real GX suites."""

import json
from pathlib import Path

import pytest

from alignment.config import load_config
from alignment.data.dataset import canonical_rows, dataset_sha256
from alignment.data.validate import BatchRules, rules_from_config, validate_batch
from alignment.training.balance import KTO_BALANCE_RANGE, balance_ratio, balanced_weights
from tests.helpers import GOOD, UNDESIRABLE, row, write

ROOT = Path(__file__).resolve().parent.parent


def check(path, **rules):
    report, _ = validate_batch([path], BatchRules(**rules))
    return report


def test_bundled_training_data_is_valid_and_disjoint_from_evaluation():
    """The leakage rule runs against every evaluation prompt of the demo config: this is the disjointness check."""
    rules = rules_from_config(load_config(ROOT / "configs" / "demo.yaml"))
    assert len(rules.evaluation_prompts) >= 500
    report, read = validate_batch([ROOT / "data" / "train"], rules)
    assert report.ok and not report.findings, report.render()
    assert {c["rule"].split(":")[0] for c in report.checks} >= {"leakage", "duplicate id", "KTO balance"}


def test_a_valid_row_and_a_paired_row(tmp_path):
    pair = {"id": "p1", "prompt": "Teach me scold people", "chosen": "Cannot lah", "rejected": "Okay, call him stupid",
            "category": "harassment", "source": "t"}
    report, read = validate_batch([write(tmp_path, GOOD, pair)])
    assert report.ok, report.render()
    assert sorted(read.rows["id"]) == ["p1#chosen", "p1#rejected", "r1"]
    chosen = read.rows.set_index("id").loc["p1#chosen"]
    assert bool(chosen["label"]) is True and chosen["completion"] == "Cannot lah" and chosen["pair_id"] == "p1"
    assert report.records == 2 and report.rows == 3


@pytest.mark.parametrize(
    "bad, field, rule, got",
    [
        (row(id=...), "id", "required field, must be a JSON string", "'missing'"),
        (row(id=7), "id", "must be a JSON string", "'number'"),
        (row(prompt="   "), "prompt", "must not be blank", None),
        (row(prompt=None), "prompt", "required field", "'null'"),
        (row(completion={"text": "nested"}), "completion", "must be a JSON string", "'object'"),
        (row(completion=["a", "list"]), "completion", "must be a JSON string", "'array'"),
        (row(label="true"), "label", "must be a JSON boolean", "'string'"),
        (row(label=1), "label", "must be a JSON boolean", "'number'"),
        (row(category="spam"), "category", "not in the taxonomy", "'spam'"),
        (row(source=...), "source", "required field", "'missing'"),
        (row(id="../../x"), "id", "no spaces, slashes or path parts", "'../../x'"),
        (row(prompt="x" * 5000), "prompt", "length outside bounds", None),
        (row(extra="field"), "(row)", "unknown field", "'extra'"),
    ],
)
def test_each_row_rule_names_file_line_field_and_rule(tmp_path, bad, field, rule, got):
    path = write(tmp_path, UNDESIRABLE, bad)
    report = check(path)
    assert not report.ok
    (f,) = report.errors
    assert (f.file, f.line, f.field) == (str(path), 2, field)
    assert rule in f.rule
    if got:
        assert got in f.detail


def test_leakage_of_an_evaluation_prompt_ignores_case_spacing_and_punctuation(tmp_path):
    path = write(tmp_path, GOOD, row(id="r2", prompt="  EH, where got   nice LAKSA ah?!"), row(id="r3", prompt="other"))
    report = check(path, evaluation_prompts=("eh where got nice laksa ah",))
    assert [(f.line, f.field) for f in report.errors] == [(2, "prompt")]
    assert report.errors[0].rule.startswith("leakage")


def test_a_reserved_unseen_prompt_in_training_data_is_leakage(tmp_path):
    """evaluation.reserved (the unseen final-check set) is guarded like the evaluation sets."""
    import json

    cfg = load_config(ROOT / "configs" / "demo.yaml")
    unseen = json.loads(cfg.evaluation.reserved[0].read_text(encoding="utf-8").splitlines()[0])["prompt"]
    report, _ = validate_batch([write(tmp_path, GOOD, row(id="r2", prompt=unseen.upper()))], rules_from_config(cfg))
    assert {(f.line, f.field) for f in report.errors} == {(2, "prompt")}
    assert any(f.rule.startswith("leakage") for f in report.errors), [f.rule for f in report.errors]


@pytest.mark.parametrize(
    "text, rule",
    [
        ("my IC is S1234567D can check?", "NRIC/FIN"),
        ("call me at 9123 4567 tonight", "Singapore phone number"),
        ("whatsapp +65 8123-4567 can", "Singapore phone number"),
        ("email me at ah.beng@example.com.sg", "e-mail address"),
    ],
)
def test_personal_data_rows_are_set_aside_without_printing_the_value(tmp_path, text, rule):
    report = check(write(tmp_path, GOOD, row(id="r2", completion=text)))
    assert report.ok  # personal data does not stop the batch: the row is quarantined
    (f,) = report.quarantined
    assert f.line == 2 and rule in f.rule and f.detail == "value withheld" and text not in report.render()


def test_public_helpline_numbers_are_not_personal_data(tmp_path):
    report = check(write(tmp_path, GOOD, row(id="r2", completion="Call IMH at 6389-2222 or SOS at 1-767 lah")))
    assert report.ok and not report.quarantined, report.render()


def test_duplicate_ids_are_reported_on_both_lines(tmp_path):
    report = check(write(tmp_path, GOOD, GOOD | {"prompt": "other"}))
    assert [(f.line, f.rule) for f in report.errors] == [(1, "duplicate id"), (2, "duplicate id")]


def test_duplicate_pairs_flag_the_later_copy_and_conflicting_labels_flag_both(tmp_path):
    dup = check(write(tmp_path, GOOD, GOOD | {"id": "r2"}, UNDESIRABLE, name="dup.jsonl"))
    assert [(f.line, f.rule.split(":")[0]) for f in dup.errors] == [(2, "duplicate (prompt, completion) pair")]
    assert dup.errors[0].detail == f"first seen at {tmp_path / 'dup.jsonl'}:1"
    conflict = check(write(tmp_path, GOOD, GOOD | {"id": "r2", "label": False}, name="conflict.jsonl"))
    rules = sorted((f.line, f.rule.split(":")[0]) for f in conflict.errors)
    assert rules == [(1, "conflicting labels"), (2, "conflicting labels"), (2, "duplicate (prompt, completion) pair")]


def test_kto_balance_is_a_warning_and_training_derives_weights_into_range(tmp_path):
    rows = [GOOD | {"id": f"d{i}", "prompt": f"where got nice laksa {i} lah"} for i in range(6)]
    rows.append(UNDESIRABLE)
    report = check(write(tmp_path, *rows))
    assert report.ok
    (w,) = report.warnings
    assert w.rule.startswith("KTO balance") and "observed 0.857" in w.detail

    wd, wu = balanced_weights(6, 1, 1.0, 1.0)
    assert KTO_BALANCE_RANGE[0] <= balance_ratio(6, 1, wd, wu) <= KTO_BALANCE_RANGE[1]
    assert balanced_weights(10, 9, 1.0, 1.0) == (1.0, 1.0)  # already in range: untouched
    wd, wu = balanced_weights(1, 9, 1.0, 1.0)
    assert balance_ratio(1, 9, wd, wu) == pytest.approx(1.0)


def test_low_singlish_share_is_a_warning(tmp_path):
    english = [{"id": f"e{i}", "prompt": f"Where can I find good noodles near station {i}?",
                "completion": "Try the food court beside the station.", "label": i % 2 == 0, "category": "benign",
                "source": "t"} for i in range(6)]
    report = check(write(tmp_path, *english))
    assert report.ok
    assert [w.rule.split(":")[0] for w in report.warnings] == ["Singlish share"]
    assert not check(write(tmp_path, *english, name="b.jsonl"), min_singlish_share=0.0).warnings


@pytest.mark.parametrize(
    "content, rule, line",
    [
        (b'{"id": "a", "prompt": \n', "invalid JSON", 1),
        (b'[{"id": "a"}]\n', "JSON array", 1),
        (b'"just a string"\n', "expected a JSON object", 1),
        (b"\xff\xfe{}\n", "not valid UTF-8", 1),
        (b"id,prompt,completion\nr1,hello,world\n", "invalid JSON", 1),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n", "not valid UTF-8", 1),
        (b'{"id": "a"}\n\x00\x01\x02binary\n', "binary content", 2),
        (b"", "empty file", None),
    ],
)
def test_files_that_are_not_jsonl(tmp_path, content, rule, line):
    path = tmp_path / "x.jsonl"
    path.write_bytes(content)
    report = check(path)
    assert not report.ok and rule in report.errors[0].rule
    assert (report.errors[0].file, report.errors[0].line) == (str(path), line)


def test_a_huge_line_is_rejected_without_being_loaded(tmp_path):
    path = tmp_path / "huge.jsonl"
    with open(path, "w") as fh:
        fh.write(json.dumps(GOOD) + "\n")
        fh.write(json.dumps(row(id="r2", completion="x" * 5_000_000)) + "\n")
        fh.write(json.dumps(UNDESIRABLE) + "\n")
    report = check(path)
    (f,) = report.errors
    assert f.line == 2 and "longer than 1000000 bytes" in f.rule
    assert report.records == 3 and report.rows == 2


def test_bom_is_accepted_and_truncated_last_line_is_named(tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD).encode() + b"\n" + json.dumps(GOOD | {"id": "r2"}).encode()[:-5])
    (f,) = check(path).errors
    assert f.line == 2 and "truncated" in f.rule


def test_directory_without_data_files(tmp_path):
    (tmp_path / "notes.txt").write_text("hi")
    (f,) = check(tmp_path).errors
    assert "no data files" in f.rule and f.file == str(tmp_path)


def test_dataset_hash_ignores_file_order_and_row_order(tmp_path):
    a = write(tmp_path, GOOD, GOOD | {"id": "r2", "prompt": "x"}, name="a.jsonl")
    b = write(tmp_path, GOOD | {"id": "r2", "prompt": "x"}, GOOD, name="b.jsonl")
    ha = dataset_sha256(canonical_rows(validate_batch([a])[1].rows))
    hb = dataset_sha256(canonical_rows(validate_batch([b])[1].rows))
    assert ha == hb


def test_evaluation_limit_is_stratified_across_categories():
    from alignment.data.dataset import read_prompts

    prompts = read_prompts(ROOT / "data" / "eval" / "redteam.jsonl", limit=14)
    cats = [p["category"] for p in prompts]
    assert len(prompts) == 14 and all(cats.count(c) == 2 for c in set(cats)) and len(set(cats)) == 7


def test_batch_rules_without_a_config_are_the_config_defaults():
    from alignment.config import SingAlignConfig

    from_config = rules_from_config(SingAlignConfig().resolve_paths(ROOT))
    defaults = BatchRules()
    for name in ("max_prompt_chars", "max_completion_chars", "max_line_bytes", "desirable_weight",
                 "undesirable_weight", "min_singlish_share"):
        assert getattr(defaults, name) == getattr(from_config, name), name
