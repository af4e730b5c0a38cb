"""The trained intent model: train/predict/save/load, out of scope, evaluation, the CLI, and
the engine's clarify-then-human path with the trained understander. Offline and fast: the
fixture model is a head trained on a slice of data/intents.csv over the packaged MiniLM."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from core.errors import ModelError, ShopbotError
from core.intent_eval import save_confusion_png, score, threshold_for_recall, tradeoff, wilson
from core.intent_training import calibrate_threshold, train
from core.intents import IntentModel, TrainConfig, read_labelled, stratified_split
from core.model_understander import ModelUnderstander, load_understander

ROOT = Path(__file__).resolve().parents[2]
SHOP_DATA = ROOT / "data" / "intents.csv"
FIXTURE_INTENTS = ("order_status", "greeting", "product_search", "return_refund", "out_of_scope")


def _slice(per_intent: int) -> tuple[list[str], list[str]]:
    texts, labels = read_labelled(SHOP_DATA)
    seen: dict[str, int] = {}
    out = []
    for t, label in zip(texts, labels):
        if label in FIXTURE_INTENTS and seen.get(label, 0) < per_intent:
            seen[label] = seen.get(label, 0) + 1
            out.append((t, label))
    return [t for t, _ in out], [label for _, label in out]


@pytest.fixture(scope="module")
def small_model() -> IntentModel:
    texts, labels = _slice(20)
    return train(texts, labels, TrainConfig())


def test_shop_data_has_forty_varied_examples_per_intent():
    from core.understand import INTENTS

    texts, labels = read_labelled(SHOP_DATA)
    assert set(labels) == set(INTENTS)
    for intent in INTENTS:
        examples = [t for t, label in zip(texts, labels) if label == intent]
        assert len(examples) >= 40, intent
        assert len(set(examples)) == len(examples)
        assert max(map(len, examples)) > 3 * min(map(len, examples))  # short and long forms


def test_predicts_held_out_shop_messages(small_model):
    cases = {"where's my parcel, it's been a week": "order_status",
             "hello there!": "greeting",
             "got any waterproof jackets in blue?": "product_search",
             "i'd like to send these boots back for a refund": "return_refund"}
    for text, intent in cases.items():
        assert small_model.predict_one(text).intent == intent, text


def test_out_of_scope_by_class_and_by_threshold(small_model):
    assert small_model.predict_one("what is the capital of peru").intent == "out_of_scope"
    strict = dataclasses.replace(small_model, threshold=1.01)
    p = strict.predict_one("where is my order")
    assert p.intent == "out_of_scope" and p.ranked[0][0] == "order_status"


def test_save_and_load_give_the_same_predictions(small_model, tmp_path):
    texts = ["hi", "track order 10042", "refund please", "tents under 100", "sing me a song"]
    small_model.save(tmp_path / "m")
    loaded = IntentModel.load(tmp_path / "m")
    assert loaded.labels == small_model.labels and loaded.threshold == small_model.threshold
    before = [p.confidence for p in small_model.predict(texts)]
    after = [p.confidence for p in loaded.predict(texts)]
    assert np.allclose(before, after, atol=2e-3)  # weights are stored as float16
    assert (tmp_path / "m" / "intents.npz").stat().st_size < 400_000


def test_tfidf_part_round_trips_without_pickle(small_model, tmp_path):
    assert small_model.tfidf is not None and small_model.layers == (5, 6)
    texts = ["where's my parcel", "hello!!", "blue waterproof jacket size M", "zzqx unknown words"]
    small_model.save(tmp_path / "m")
    with np.load(tmp_path / "m" / "intents.npz", allow_pickle=False) as z:  # plain arrays only
        assert all(z[name].dtype != object for name in z.files)
    loaded = IntentModel.load(tmp_path / "m")
    assert loaded.tfidf.size == small_model.tfidf.size > 0
    before, after = small_model.tfidf.transform(texts), loaded.tfidf.transform(texts)
    assert before.nnz > 0 and (before != after).nnz == 0
    assert [p.intent for p in loaded.predict(texts)] == [p.intent for p in small_model.predict(texts)]
    assert np.allclose(loaded.features(texts).toarray(), small_model.features(texts).toarray(), atol=1e-6)
    for text in texts:  # the one-message fast path equals scikit-learn's transform
        cols, vals = loaded.tfidf.one(text)
        row = np.zeros(loaded.tfidf.size, np.float32)
        row[cols] = vals
        assert np.allclose(row, loaded.tfidf.transform([text]).toarray()[0], atol=1e-6)
        one, batch = loaded.predict([text])[0], loaded.predict([text, "hi"])[0]
        assert one.intent == batch.intent and abs(one.confidence - batch.confidence) < 1e-4


def test_loading_a_missing_or_broken_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="no intent model"):
        IntentModel.load(tmp_path)
    (tmp_path / "intents.npz").write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="not a readable intent model"):
        IntentModel.load(tmp_path)


def test_read_labelled_accepts_benchmark_columns_and_rejects_others(tmp_path):
    good = tmp_path / "a.csv"
    good.write_text("utterance,intent,extra\nhello,greet,x\nbye,leave,y\n")
    assert read_labelled(good) == (["hello", "bye"], ["greet", "leave"])
    bad = tmp_path / "b.csv"
    bad.write_text("words,tag\nhello,greet\n")
    with pytest.raises(ShopbotError, match="needs columns text,label"):
        read_labelled(bad)


def test_stratified_split_holds_out_each_label():
    labels = ["a"] * 10 + ["b"] * 20 + ["c"] * 2
    keep, held = stratified_split(labels, 0.2)
    assert sorted(keep + held) == list(range(32))
    assert [labels[i] for i in held].count("a") == 2 and [labels[i] for i in held].count("b") == 4
    assert "c" not in [labels[i] for i in held]


def test_score_counts_both_oos_labels_and_in_scope_accuracy():
    gold = ["a", "a", "b", "oos", "out_of_scope", "oos"]
    pred = ["a", "out_of_scope", "b", "oos", "a", "out_of_scope"]
    r = score(gold, pred)
    assert r.accuracy == round(4 / 6, 4)
    assert r.in_scope_accuracy == round(2 / 3, 4)
    assert r.oos_recall == round(2 / 3, 4)
    assert r.per_intent["a"]["precision"] == 0.5 and r.per_intent["a"]["recall"] == 0.5
    assert score(["a", "b"], ["a", "b"]).oos_recall is None
    # each figure carries its 95% interval, from the counts behind it
    assert r.intervals["accuracy"] == [round(x, 4) for x in wilson(4, 6)]
    assert r.intervals["in_scope_accuracy"] == [round(x, 4) for x in wilson(2, 3)]
    assert set(score(["a", "b"], ["a", "b"]).intervals) == {"accuracy", "in_scope_accuracy"}


def test_wilson_interval_matches_published_values_and_stays_in_range():
    # Newcombe (1998), table I: 81/263 -> 0.2553-0.3662; 15/148 -> 0.0624-0.1605
    assert wilson(81, 263) == pytest.approx((0.2553, 0.3662), abs=1e-4)
    assert wilson(15, 148) == pytest.approx((0.0624, 0.1605), abs=1e-4)
    low, high = wilson(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    low, high = wilson(10, 10)
    assert high == 1.0 and low == pytest.approx(0.7225, abs=1e-4)
    # CLINC150 in scope: 96.60% of 4,500 is pinned to about +-0.5 points
    low, high = wilson(4347, 4500)
    assert 0.960 < low < 0.9615 and 0.9705 < high < 0.972
    with pytest.raises(ValueError):
        wilson(0, 0)


def test_evaluation_also_reports_the_model_without_its_threshold(small_model):
    from core.intent_eval import evaluate

    texts = ["where's my parcel, it's been a week", "hello there!", "what's 12 squared"]
    gold = ["order_status", "greeting", "oos"]
    strict = evaluate(dataclasses.replace(small_model, threshold=1.01), texts, gold, latency_samples=1)
    assert strict.in_scope_accuracy == 0.0 and strict.oos_recall == 1.0  # everything rejected
    raw = [p.ranked[0][0] for p in small_model.predict(texts)]
    assert strict.without_threshold == {"in_scope_accuracy": score(gold, raw).in_scope_accuracy,
                                        "oos_recall": score(gold, raw).oos_recall,
                                        "intervals": score(gold, raw).intervals}
    assert strict.without_threshold["in_scope_accuracy"] == 1.0
    open_model = dataclasses.replace(small_model, threshold=0.0)
    assert evaluate(open_model, texts, gold, latency_samples=1).without_threshold is None


def test_threshold_calibration_trades_in_scope_for_out_of_scope(small_model):
    probs = np.array([[0.9, 0.1], [0.8, 0.2], [0.55, 0.45], [0.6, 0.4]])
    model = IntentModel(["a", "b"], np.zeros((2, 4)), np.zeros(2))
    t = calibrate_threshold(model.labels, probs, ["a", "a", "oos", "oos"], max_rejected=0.5)
    assert 0.6 < t <= 0.8
    assert calibrate_threshold(model.labels, probs, ["a", "a", "b", "a"]) == 0.0


def test_tradeoff_lists_the_cheapest_threshold_for_each_out_of_scope_recall():
    # 4 in-scope (3 right), 4 out of scope (one already said oos by the class itself)
    conf = [0.9, 0.8, 0.7, 0.3, 0.2, 0.4, 0.6, 0.5]
    top = ["a", "a", "b", "a", "a", "oos", "b", "a"]
    gold = ["a", "a", "a", "a", "oos", "oos", "oos", "oos"]
    points = tradeoff(conf, top, gold, recalls=(0.25, 0.5, 0.75, 1.0))
    # 0.25: the oos class alone, no threshold; 0.5: reject below 0.3 (the 0.2 one), all 3
    # right in-scope kept; 0.75: below 0.6 also drops the 0.5 one and the 0.3 in-scope one
    # (it was right); 1.0: below 0.7 -> in-scope keeps 0.9, 0.8 (right) and 0.7 (wrong)
    assert [(p["threshold"], p["in_scope_accuracy"], p["oos_recall"]) for p in points] == [
        (0.0, 0.75, 0.25), (0.3, 0.75, 0.5), (0.6, 0.5, 0.75), (0.7, 0.5, 1.0)]
    assert threshold_for_recall(conf, top, gold, 0.75) == 0.6
    # the same point as the thresholded predictions score it
    kept = [t if c >= 0.6 else "oos" for c, t in zip(conf, top)]
    assert score(gold, kept).in_scope_accuracy == 0.5 and score(gold, kept).oos_recall == 0.75
    assert tradeoff([0.9, 0.8], ["a", "b"], ["a", "b"]) is None  # nothing out of scope


def test_threshold_calibration_to_an_out_of_scope_recall():
    probs = np.array([[0.9, 0.1], [0.8, 0.2], [0.7, 0.3], [0.6, 0.4], [0.55, 0.45], [0.65, 0.35]])
    model = IntentModel(["a", "b"], np.zeros((2, 4)), np.zeros(2))
    gold = ["a", "a", "a", "oos", "oos", "oos"]
    assert calibrate_threshold(model.labels, probs, gold, oos_recall=0.6) == pytest.approx(0.65)
    assert calibrate_threshold(model.labels, probs, gold, oos_recall=1.0) == pytest.approx(0.7)
    assert calibrate_threshold(model.labels, probs, gold, oos_recall=0.0) == 0.0
    assert calibrate_threshold(model.labels, probs, ["a"] * 6, oos_recall=0.6) == 0.0  # no OOS to read


def test_confusion_png(tmp_path):
    path = save_confusion_png(score(["a", "b", "oos"], ["a", "oos", "oos"]), tmp_path / "c.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _write(path: Path, rows: list[tuple[str, str]]) -> Path:
    import csv

    with path.open("w", newline="") as f:
        csv.writer(f).writerows([("text", "label"), *rows])
    return path


def test_cli_train_then_eval(tmp_path):
    from bot.cli import cli

    texts, labels = _slice(14)
    data = _write(tmp_path / "train.csv", list(zip(texts, labels)))
    test = _write(tmp_path / "test.csv", [("where is my package", "order_status"),
                                          ("hey!", "greeting"), ("what's 12 squared", "oos")])
    runner = CliRunner()
    result = runner.invoke(cli, ["train", "intents", "--data", str(data), "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert "cross-validated accuracy:" in result.output and "7 folds" in result.output
    assert (tmp_path / "m" / "intents.npz").exists()
    assert IntentModel.load(tmp_path / "m").info["folds"] == 7
    result = runner.invoke(cli, ["eval", "intents", "--model", str(tmp_path / "m"), "--data", str(test),
                                 "--json", "--png", str(tmp_path / "c.png")])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["n"] == 3 and report["oos_recall"] in (0.0, 1.0)
    assert set(report["per_intent"]) >= {"order_status", "greeting", "oos"}
    assert (tmp_path / "c.png").exists() and report["latency_ms_p50"] > 0
    result = runner.invoke(cli, ["eval", "intents", "--model", str(tmp_path / "m"), "--data", str(test)])
    assert "out-of-scope recall" in result.output and "confusion matrix" in result.output
    assert "out-of-scope trade-off on this data" in result.output
    assert "95% intervals: accuracy" in result.output
    assert report["intervals"]["in_scope_accuracy"][0] <= report["in_scope_accuracy"]
    assert len(report["tradeoff"]) == 5 and report["tradeoff"][-1]["oos_recall"] >= 0.9


def test_cli_train_defaults_to_shopbot_home(tmp_path, monkeypatch):
    from bot.cli import cli

    texts, labels = _slice(10)
    data = _write(tmp_path / "train.csv", list(zip(texts, labels)))
    result = CliRunner().invoke(cli, ["train", "intents", "--data", str(data), "--holdout", "0"])
    assert result.exit_code == 0, result.output
    home = Path(__import__("os").environ["SHOPBOT_HOME"])
    assert (home / "models" / "intents" / "intents.npz").exists()
    bad = CliRunner().invoke(cli, ["train", "intents", "--data", str(_write(tmp_path / "x.csv", [("hi", "a")]))])
    assert bad.exit_code != 0 and "two different labels" in bad.output


def test_cli_train_pools_the_layers_asked_for(tmp_path):
    from bot.cli import cli

    texts, labels = _slice(10)
    data = _write(tmp_path / "train.csv", list(zip(texts, labels)))
    out = tmp_path / "m"
    result = CliRunner().invoke(cli, ["train", "intents", "--data", str(data), "--holdout", "0",
                                      "--layers", "6,3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    model = IntentModel.load(out)
    assert model.layers == (3, 6) and model.weight.shape[1] == 2 * 384 + model.tfidf.size
    assert model.predict_one("where is my order?").intent == "order_status"
    bad = CliRunner().invoke(cli, ["train", "intents", "--data", str(data), "--layers", "0,7"])
    assert bad.exit_code == 2 and "layer numbers 1-6" in bad.output
    knn = CliRunner().invoke(cli, ["train", "intents", "--data", str(data), "--holdout", "0",
                                   "--layers", "3,6", "--knn-weight", "1.5", "--out", str(out)])
    assert knn.exit_code == 0, knn.output
    assert IntentModel.load(out).knn_weight == 1.5
    no_six = CliRunner().invoke(cli, ["train", "intents", "--data", str(data), "--layers", "4,5",
                                      "--knn-weight", "1", "--out", str(tmp_path / "x")])
    assert no_six.exit_code != 0 and "layer 6" in no_six.output
    assert not (tmp_path / "x" / "intents.npz").exists()


def test_understander_uses_the_shipped_model_and_context():
    u = load_understander()
    assert u.understand("hello!", {}).intent == "greeting"
    shown = [{"id": "P1", "name": "Ridge Tent", "price": 199.0, "category": "tents", "brand": "Torvik"},
             {"id": "P2", "name": "Dome Tent", "price": 149.0, "category": "tents", "brand": "Vellmoor"}]
    cheaper = u.understand("the cheaper one", {"shown": shown})
    assert cheaper.intent in ("product_question", "compare") and cheaper.slots["product_id"] == "P2"
    assert cheaper.slots["ref_index"] == 1
    order = u.understand("A-10042", {"last_intent": "cancel_order"})
    assert order.intent == "cancel_order" and order.slots["order_id"] == "A-10042"


def test_a_search_or_a_recommendation_is_a_sure_look_for_products():
    u = load_understander()
    # split between the two (the shipped head's 0.48 / 0.37; "what about kayaks?" was
    # split before the last retrain, and is a search at 0.51 now)
    pred = u.model.predict_one("what about a kayak?")
    finding = sum(p for label, p in pred.ranked if label in ("product_search", "recommendation"))
    assert pred.intent in ("product_search", "recommendation")
    assert pred.confidence < 0.5 < finding
    got = u.understand("what about a kayak?", {})  # was "say it another way" (below 0.5)
    assert got.intent == pred.intent and got.confidence == round(finding, 4)
    sure = u.model.predict_one("do you have kayaks?")
    assert u.understand("do you have kayaks?", {}).confidence >= round(sure.confidence, 4)


def test_a_short_message_in_the_catalogue_words_is_a_search():
    vocabulary = {"category": ["water bottles", "tents"], "brand": ["Torvik"]}
    shipped = load_understander(vocabulary=vocabulary)
    # the shipped head with a threshold nothing passes: the classifier says out of scope
    # to everything, as it did at 0.29 to "insulated bottle" before more short searches
    strict = ModelUnderstander(dataclasses.replace(shipped.model, threshold=1.01),
                               shipped.vocabulary)
    for text in ("insulated bottle", "torvik", "a tent"):
        assert strict.model.predict_one(text).intent == "out_of_scope"
        assert strict.understand(text, {}).intent == "product_search"
    for text in ("can you book me a flight to lisbon", "what's 12 squared"):
        assert strict.understand(text, {}).intent == "out_of_scope"
    assert strict.understand("I need a tent for my trip to the alps next summer with "
                             "two friends", {}).intent == "out_of_scope"  # long: not a keyword
    # the shipped head itself: a damaged delivery is a return, not a status question (it
    # was order_status, 0.93); short product words are searches ("compass" was out of scope)
    assert shipped.understand("my order 10007 arrived damaged", {}).intent == "return_refund"
    assert shipped.understand("compass", {}).intent == "product_search"
    for text in ("thermos", "wellies"):  # were goodbye (0.52) and greeting (0.75)
        assert shipped.understand(text, {}).intent == "product_search"
    # after talking about an order, "where is it" asks about it (was small_talk, 0.41)
    assert shipped.understand("actually where is it", {}).intent == "order_status"
    assert shipped.understand("where is it made?", {}).intent == "product_question"
    assert shipped.understand("can you book me a flight to lisbon", {}).intent == "out_of_scope"


def test_app_falls_back_to_keywords_when_the_model_cannot_load(tmp_path):
    from bot.app import make_understander
    from bot.config import Config, UnderstandingConfig
    from core.understand import KeywordUnderstander

    config = Config(understanding=UnderstandingConfig(model=str(tmp_path / "missing")))
    assert isinstance(make_understander(config, {}), KeywordUnderstander)
    assert isinstance(make_understander(Config(), {}), ModelUnderstander)
    keywords = Config(understanding=UnderstandingConfig(backend="keywords"))
    assert isinstance(make_understander(keywords, {}), KeywordUnderstander)


async def test_out_of_scope_gets_a_question_then_a_human(memory, app):
    assert isinstance(app.engine.turns.understander, ModelUnderstander)
    (first,) = await memory.push("can you book me a flight to lisbon")
    assert first.kind == "clarify" and not first.buttons
    (second,) = await memory.push("what's the square root of 81")
    assert second.kind == "handoff"  # the engine's escalation (handoff.after_misses: 2)
    assert [r["reason"] for r in app.store.db["handoffs"].rows] == ["not_understood"]
    (miss,) = await memory.push("help me with my tax return", chat_id="c2")
    (back,) = await memory.push("do you have trail running shoes?", chat_id="c2")
    (again,) = await memory.push("who won the football last night", chat_id="c2")
    assert (miss.kind, back.kind, again.kind) == ("clarify", "product_results", "clarify")


async def test_references_resolve_to_the_product_shown(memory, app):
    (found,) = await memory.push("waterproof hiking boots under 120")
    prices = {c.product_id: float(c.price) for c in found.cards}
    cheapest = min(prices, key=prices.get)
    (answer,) = await memory.push("is the cheaper one waterproof?")
    assert app.catalog.get(cheapest)["name"] in answer.text
    second = found.cards[1]
    (answer,) = await memory.push("does the second one come in brown?")
    assert second.title in answer.text


def test_top_layer_tuning_trains_saves_and_loads(tmp_path):
    texts, labels = _slice(6)
    model = train(texts, labels, TrainConfig(top_layers=1, epochs=1, batch_size=8))
    assert model.top_layers == 1 and model.top_state
    model.save(tmp_path / "k1")
    assert (tmp_path / "k1" / "encoder_top.safetensors").exists()
    loaded = IntentModel.load(tmp_path / "k1")
    probe = ["where is my order", "hello", "refund please"]
    assert np.allclose([p.confidence for p in model.predict(probe)],
                       [p.confidence for p in loaded.predict(probe)], atol=2e-3)
    frozen = IntentModel(model.labels, model.weight, model.bias, model.scale)
    assert not np.allclose(loaded.embed(probe), frozen.embed(probe), atol=1e-4)  # layer changed
    # one message takes the fast path (core.bert_fast) through the trained top layer too
    assert np.allclose(loaded.embed(probe[:1]), loaded.embed(probe * 2)[:1], atol=2e-3)
    assert not np.allclose(loaded.embed(probe[:1]), frozen.embed(probe[:1]), atol=1e-4)


def test_one_message_takes_the_fast_path_with_the_same_features(small_model):
    texts = ["where is order A-10042??", "do u have warm jackets under 50 🙂", "hi"]
    batch = small_model.embed(texts * 2)  # more than four: the generic batched path
    assert small_model.encoder.pool_one("hi", (5, 6)) is not None
    for i, text in enumerate(texts):
        assert np.allclose(small_model.embed([text]), batch[i:i + 1], atol=1e-4)


def test_cli_train_to_an_out_of_scope_recall(tmp_path):
    from bot.cli import cli

    texts, labels = _slice(14)
    data = _write(tmp_path / "train.csv", list(zip(texts, labels)))
    val = _write(tmp_path / "val.csv", [("what's 12 squared", "oos"), ("who won the match", "oos"),
                                        ("hello!", "greeting"), ("where is my parcel", "order_status")])
    out = tmp_path / "m"
    result = CliRunner().invoke(cli, ["train", "intents", "--data", str(data), "--val", str(val),
                                      "--oos-recall", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    model = IntentModel.load(out)
    assert model.info["config"]["oos_recall"] == 1.0
    held = model.predict(["what's 12 squared", "who won the match"])
    assert all(p.intent == model.oos_label for p in held)  # every held-out OOS is rejected
    assert f"out-of-scope threshold: {round(model.threshold, 4)}" in result.output
    bad = CliRunner().invoke(cli, ["train", "intents", "--data", str(data), "--oos-recall", "2"])
    assert bad.exit_code == 2 and "--oos-recall" in bad.output


def test_similarity_to_training_messages_adds_to_the_out_of_scope_score(tmp_path):
    texts, labels = _slice(14)
    val_texts, val_labels = ["what's 12 squared", "who won the match", "hello!",
                             "where is my parcel"], ["oos", "oos", "greeting", "order_status"]
    model = train(texts, labels, TrainConfig(knn_weight=2.0), val=(val_texts, val_labels))
    in_scope = [t for t, label in zip(texts, labels) if label != "out_of_scope"]
    assert model.memory.shape == (len(in_scope), 384) and model.knn_weight == 2.0
    assert np.allclose(np.linalg.norm(model.memory, axis=1), 1.0, atol=1e-4)
    probe = [in_scope[0], "what's 12 squared", "the moon is made of cheese"]
    predictions = model.predict(probe)
    for text, p in zip(probe, predictions):
        # the score is the confidence plus 2 x the cosine to the nearest in-scope example
        e = model.embed([text])[:, -384:]
        nearest = float(((e / np.linalg.norm(e)) @ model.memory.T).max())
        assert p.oos_score == pytest.approx(p.confidence + 2.0 * nearest, abs=1e-3)
        assert (p.intent == model.oos_label) or p.oos_score >= model.threshold
    assert predictions[0].oos_score == pytest.approx(predictions[0].confidence + 2.0, abs=1e-3)
    # the scan runs in chunks; any chunk size gives the plain maximum
    rows = model.sentence_part(model.embed(probe + in_scope[:4]))
    assert np.allclose(model.nearest(rows, chunk=2), (rows @ model.memory.T).max(axis=1), atol=1e-5)
    # the threshold lives on that score: the calibration read it, and it survives saving
    assert model.threshold > 1.0
    loaded = IntentModel.load(model.save(tmp_path / "m"))
    assert loaded.knn_weight == 2.0 and np.allclose(loaded.memory, model.memory, atol=1e-3)
    assert [p.intent for p in loaded.predict(probe)] == [p.intent for p in predictions]


def test_similarity_score_needs_layer_six_on_its_own():
    texts, labels = _slice(3)
    with pytest.raises(ModelError, match="layer 6"):
        train(texts, labels, TrainConfig(knn_weight=1.0, layers=(4, 5)))
    with pytest.raises(ModelError, match="layer 6"):
        train(texts, labels, TrainConfig(knn_weight=1.0, combine="mean"))


def test_head_is_fitted_to_its_optimum():
    """The logistic-regression head stops where the loss is flat, not where scikit-learn's
    default tolerance gives up (1e-4 in scikit-learn 1.9 left CLINC150 at 96.69 instead of
    96.91 in scope): the gradient of the regularised loss at the returned weights is ~0."""
    from core.intent_training import fit_head

    rng = np.random.default_rng(0)
    classes, n = 30, 3000
    y = rng.integers(0, classes, n)
    x = (rng.normal(size=(classes, 200))[y] * 0.3 + rng.normal(size=(n, 200))).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    config = TrainConfig()
    weight, bias = fit_head(x, y, classes, config, 20.0)
    w = weight.numpy() * 20.0
    z = x @ w.T + bias.numpy()
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(n), y] -= 1.0
    gradient = w / config.C + p.T @ x  # of sum(log loss) + ||w||^2 / 2C; ~10 at w = 0
    assert np.abs(gradient).max() < 3e-3  # 0.012 with tol 1e-4, 0.0007 with the default
