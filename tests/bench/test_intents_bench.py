"""The intents benchmark's side-by-side latency of the out-of-scope similarity scan."""

import csv

from bench.intents_bench import knn_side_by_side
from core.intent_training import train
from core.intents import IntentModel, TrainConfig

TEXTS = ["where is my order", "has my parcel shipped", "track order 10042", "hello", "hi there",
         "good morning", "i want a refund", "return these shoes", "money back please"]
LABELS = ["order_status"] * 3 + ["greeting"] * 3 + ["return_refund"] * 3


def test_side_by_side_times_the_same_model_with_and_without_the_scan(tmp_path):
    model = train(TEXTS, LABELS, TrainConfig(knn_weight=2.0, tfidf_min_df=1))
    model.save(tmp_path / "m")
    test = tmp_path / "test.csv"
    with test.open("w", newline="") as f:
        csv.writer(f).writerows([("text", "label"), *zip(TEXTS, LABELS)])
    result = knn_side_by_side(tmp_path / "m", test, samples=4)
    assert result["latency_messages"] == 4
    assert result["p50_ms_with_knn"] > 0 and result["p50_ms_without_knn"] > 0
    ratio = result["p50_ms_with_knn"] / result["p50_ms_without_knn"]
    assert abs(result["knn_latency_ratio"] - ratio) <= 0.011  # from the unrounded medians
    assert IntentModel.load(tmp_path / "m").memory is not None  # the saved model kept its scan
