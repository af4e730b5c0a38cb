"""Cross-validated calibration: every row is held out once, by a head that never saw it."""

from __future__ import annotations

from core.intent_folds import apply, cross_validate, stratified_folds
from core.intent_training import train
from core.intents import TrainConfig
from tests.core.test_intents import _slice


def test_folds_cover_every_row_once_and_spread_each_label():
    labels = ["a"] * 10 + ["b"] * 7 + ["c"] * 3
    folds = stratified_folds(labels, 4, seed=1)
    assert sorted(i for f in folds for i in f) == list(range(len(labels)))
    assert max(map(len, folds)) - min(map(len, folds)) <= 1
    for label in "ab":
        per_fold = [sum(labels[i] == label for i in f) for f in folds]
        assert max(per_fold) - min(per_fold) <= 1
    assert stratified_folds(labels, 4, seed=1) == folds  # seeded


def test_each_row_is_predicted_without_itself():
    texts, labels = _slice(8)
    # one label with a single row: a head trained without that row cannot predict it
    texts, labels = [*texts, "zebra crossing lollipop"], [*labels, "lonely"]
    cv = cross_validate(texts, labels, TrainConfig(), k=4)
    assert len(cv.predicted) == len(texts) and cv.folds == 4
    assert cv.predicted[-1] != "lonely"
    assert train(texts, labels).predict_one("zebra crossing lollipop").intent == "lonely"
    assert 0.6 < cv.accuracy(labels) < 1.0


def test_threshold_and_temperature_come_from_the_out_of_fold_rows():
    texts, labels = _slice(10)
    assert "out_of_scope" in labels
    cv = cross_validate(texts, labels, TrainConfig(), k=5)
    model = train(texts, labels)
    before = model.weight.copy()
    apply(model, cv)
    assert model.threshold == cv.threshold > 0
    assert abs(model.weight - before * cv.factor).max() < 1e-5
    assert model.info["folds"] == 5 and model.info["sharpen"] == cv.factor
