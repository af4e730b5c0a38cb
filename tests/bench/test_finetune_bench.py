"""The finetune benchmark's training record for an adapter continued with --resume."""

import json

from bench.finetune_bench import training_chain


def _record(path, steps, seconds, tokens, losses, resume=None, command=None):
    path.mkdir()
    record = {"steps": steps, "seconds": seconds, "train_tokens": tokens,
              "history": [{"step": s, "heldout_loss": loss} for s, loss in losses],
              "settings": {"resume": str(resume) if resume else None}}
    if command:
        record["command"] = command
    (path / "training.json").write_text(json.dumps(record))
    return path


def test_a_resumed_adapter_counts_the_runs_it_continued(tmp_path):
    first = _record(tmp_path / "a", 700, 5000.0, 700_000, [(0, 1.9), (700, 0.86)])
    second = _record(tmp_path / "b", 400, 2000.0, 400_000, [(0, 0.86), (400, 0.83)],
                     resume=first, command="shopbot train lm --resume a")
    chain = training_chain(second)
    assert chain["steps"] == 1100 and chain["seconds"] == 7000.0
    assert chain["train_tokens"] == 1_100_000 and chain["tokens_per_s"] == 157.1
    assert [p["heldout_loss"] for p in chain["history"]] == [1.9, 0.86, 0.83]
    assert chain["command"] == "(command not recorded) && shopbot train lm --resume a"


def test_a_single_run_is_its_own_record(tmp_path):
    only = _record(tmp_path / "a", 10, 5.0, 1000, [(0, 2.0), (10, 1.5)], command="shopbot x")
    chain = training_chain(only)
    assert (chain["steps"], chain["tokens_per_s"], chain["command"]) == (10, 200.0, "shopbot x")


def test_the_base_row_is_reused_only_from_a_run_that_scored_the_same_way(tmp_path):
    import pytest

    from bench.finetune_bench import previous_base

    heldout = {"per_intent": 10, "scored": 270, "decoding": "beam search, 2 beams"}
    base = {"model": "base", "BLEU": 2.68}
    (tmp_path / "finetune.json").write_text(json.dumps({
        "rows": [{"model": "fine-tuned", "BLEU": 22.9}, base], "heldout": heldout,
        "measured_at": "2026-11-29T17:19:25"}))
    assert previous_base(heldout, tmp_path) == (base, "2026-11-29T17:19:25")
    with pytest.raises(SystemExit, match="no base row scored with"):
        previous_base({**heldout, "decoding": "greedy"}, tmp_path)
    with pytest.raises(SystemExit):
        previous_base(heldout, tmp_path / "nowhere")
