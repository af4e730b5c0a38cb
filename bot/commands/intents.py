"""`shopbot train intents` and `shopbot eval intents`.

The commands are thin: `train_intents_model` and `evaluate_intents_model` do the work and
are what bench/intents_bench.py calls too, so the benchmark table is reproducible with
these two commands. Embeddings of a frozen encoder are cached per dataset under
$SHOPBOT_HOME/cache/embeddings (a second run on the same file skips the slow part).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent.parent
SHOP_DATA = ROOT / "data" / "intents.csv"


def shopbot_home() -> Path:
    from core.store import default_home

    return default_home()


def cache_dir() -> Path:
    return shopbot_home() / "cache" / "embeddings"


def _progress_bar(description: str):
    """(rich Progress, callback(done, total)) that draws a transient progress bar."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(TextColumn(description), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                        TimeElapsedColumn(), transient=True)
    task = progress.add_task(description, total=None)

    def update(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    return progress, update


def train_intents_model(data: Path, out: Path, *, val: Path | None = None, holdout: float = 0.15,
                        top_layers: int = 0, epochs: int = 3, tfidf: bool = True, progress=None,
                        max_rejected: float = 0.02, layers: tuple[int, ...] | None = None,
                        oos_recall: float | None = None, knn_weight: float = 0.0) -> dict:
    """Train on `data`, measure on `val` (or a held-out slice), save to `out`; a summary dict."""
    from core.intent_eval import score
    from core.intent_training import train
    from core.intents import TrainConfig, read_labelled, stratified_split

    texts, labels = read_labelled(data)
    config = TrainConfig(top_layers=top_layers, epochs=epochs, tfidf=tfidf,
                         max_rejected=max_rejected, layers=tuple(layers or TrainConfig.layers),
                         oos_recall=oos_recall, knn_weight=knn_weight)
    started = time.perf_counter()
    summary = {"data": str(data), "rows": len(texts), "intents": len(set(labels))}
    if val is None and holdout > 0 and top_layers == 0:
        # a frozen head is cheap to refit: calibrate on out-of-fold predictions of every
        # row (core/intent_folds.py says why), then train on everything
        from core.intent_folds import apply, cross_validate

        cv = cross_validate(texts, labels, config, max(2, round(1 / holdout)), cache_dir(), progress)
        model = apply(train(texts, labels, config, progress=progress, cache_dir=cache_dir()), cv)
        summary.update(folds=cv.folds, held_out_rows=len(texts),
                       held_out_accuracy=cv.accuracy(labels))
    else:
        held = read_labelled(val) if val is not None else None
        fit = (texts, labels)
        if held is None and holdout > 0:  # tuned top layers: one held-out slice
            keep, out_idx = stratified_split(labels, holdout, config.seed)
            fit = ([texts[i] for i in keep], [labels[i] for i in keep])
            held = ([texts[i] for i in out_idx], [labels[i] for i in out_idx])
        model = train(*fit, config, val=held, progress=progress, cache_dir=cache_dir())
        if held:
            predicted = [p.intent for p in model.predict(held[0], cache_dir())]
            summary.update(held_out_rows=len(held[0]),
                           held_out_accuracy=score(held[1], predicted).accuracy)
    summary["threshold"] = round(model.threshold, 4)
    summary["train_seconds"] = round(time.perf_counter() - started, 1)
    model.info["train_seconds"] = summary["train_seconds"]
    model.save(out)
    summary["model"] = str(out)
    return summary


def evaluate_intents_model(model_dir: Path | None, data: Path, png: Path | None = None) -> dict:
    """Evaluate a saved model on labelled `data`; writes the confusion PNG; the report dict."""
    from core.intent_eval import evaluate, save_confusion_png
    from core.intents import SHIPPED_MODEL, IntentModel, read_labelled
    from core.model_understander import default_model_dir

    if model_dir is None:
        model_dir = default_model_dir() if (default_model_dir() / "intents.npz").exists() else SHIPPED_MODEL
    model = IntentModel.load(model_dir)
    texts, labels = read_labelled(data)
    report = evaluate(model, texts, labels, cache_dir=cache_dir())
    png = png or shopbot_home() / "reports" / f"intents-confusion-{Path(data).stem}.png"
    save_confusion_png(report, png, title=f"{Path(data).name} on {Path(model_dir).name}")
    return {**report.to_dict(), "model": str(model_dir), "data": str(data), "confusion_png": str(png)}


def parse_layers(value: str) -> tuple[int, ...]:
    """'3,4,5,6' -> (3, 4, 5, 6); a clear usage error for anything else."""
    try:
        layers = tuple(sorted({int(part) for part in value.split(",") if part.strip()}))
    except ValueError:
        layers = ()
    if not layers or not all(1 <= n <= 6 for n in layers):
        raise click.BadParameter(f"{value!r}: give MiniLM layer numbers 1-6, e.g. 5,6")
    return layers


@click.command("intents")
@click.option("--data", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=SHOP_DATA,
              show_default="data/intents.csv", help="labelled CSV with columns text,label")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="model directory (default: $SHOPBOT_HOME/models/intents)")
@click.option("--val", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="labelled CSV to measure and calibrate out of scope on (default: hold out a slice)")
@click.option("--holdout", type=click.FloatRange(0, 0.5), default=0.15, show_default=True,
              help="share of --data held out when there is no --val (0: none); with the "
                   "frozen encoder, every row is held out once: round(1/share) folds")
@click.option("--top-layers", type=click.IntRange(0, 6), default=0, show_default=True,
              help="MiniLM layers to train with the head (0: frozen encoder, fastest)")
@click.option("--epochs", type=click.IntRange(1, 50), default=3, show_default=True,
              help="epochs when --top-layers > 0")
@click.option("--tfidf/--no-tfidf", default=True, show_default=True,
              help="add word and character TF-IDF features to the head")
@click.option("--max-rejected", type=click.FloatRange(0, 0.5), default=0.02, show_default=True,
              help="most in-scope held-out messages the out-of-scope threshold may reject")
@click.option("--oos-recall", type=click.FloatRange(0, 1), default=None,
              help="instead: the threshold that rejects this share of the held-out out-of-scope "
                   "messages (read the trade-off from `shopbot eval intents`)")
@click.option("--layers", default="5,6", show_default=True, callback=lambda c, p, v: parse_layers(v),
              help="frozen MiniLM layers (1-6) mean-pooled for the head, comma-separated "
                   "(with --top-layers 0)")
@click.option("--knn-weight", type=click.FloatRange(0, 100), default=0.0, show_default=True,
              help="out of scope also reads similarity to the nearest in-scope training message, "
                   "times this (0: confidence only; needs layer 6 in --layers)")
def train_command(data: Path, out: Path | None, val: Path | None, holdout: float,
                  top_layers: int, epochs: int, tfidf: bool, max_rejected: float,
                  oos_recall: float | None, layers: tuple[int, ...], knn_weight: float) -> None:
    """Train the intent model on DATA and save it (prints held-out accuracy)."""
    from core.model_understander import default_model_dir

    out = out or default_model_dir()
    bar, update = _progress_bar("training intents")
    with bar:
        summary = train_intents_model(data, out, val=val, holdout=holdout, top_layers=top_layers,
                                      epochs=epochs, tfidf=tfidf, progress=update,
                                      max_rejected=max_rejected, layers=layers,
                                      oos_recall=oos_recall, knn_weight=knn_weight)
    click.echo(f"trained on {summary['rows']} examples, {summary['intents']} intents, "
               f"in {summary['train_seconds']}s")
    if "folds" in summary:
        click.echo(f"cross-validated accuracy: {summary['held_out_accuracy']:.2%} "
                   f"({summary['held_out_rows']} examples, each predicted by a head trained "
                   f"without it; {summary['folds']} folds)")
    elif "held_out_accuracy" in summary:
        click.echo(f"held-out accuracy: {summary['held_out_accuracy']:.2%} "
                   f"({summary['held_out_rows']} examples)")
    click.echo(f"out-of-scope threshold: {summary['threshold']}")
    click.echo(f"saved to {summary['model']}")


@click.command("intents")
@click.option("--model", "model_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="model directory (default: the trained one, else the shipped one)")
@click.option("--data", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="labelled CSV with columns text,label (label 'oos' = out of scope)")
@click.option("--png", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="confusion-matrix PNG (default: $SHOPBOT_HOME/reports/...)")
@click.option("--json", "as_json", is_flag=True, help="print the full report as JSON")
def eval_command(model_dir: Path | None, data: Path, png: Path | None, as_json: bool) -> None:
    """Evaluate an intent model on labelled DATA."""
    report = evaluate_intents_model(model_dir, data, png)
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    oos = "n/a" if report["oos_recall"] is None else f"{report['oos_recall']:.2%}"
    console.print(f"{report['n']} examples  accuracy {report['accuracy']:.2%}  "
                  f"macro-F1 {report['macro_f1']:.4f}  in-scope accuracy "
                  f"{report['in_scope_accuracy']:.2%}  out-of-scope recall {oos}  "
                  f"p50 latency {report['latency_ms_p50']} ms")
    if report["intervals"]:  # how far the test set itself pins these figures down
        console.print("95% intervals: " + "  ".join(
            f"{name.replace('_', ' ')} {lo:.2%}-{hi:.2%}" for name, (lo, hi) in report["intervals"].items()))
    if report["without_threshold"]:  # what the confidence threshold costs and buys
        raw = report["without_threshold"]
        console.print(f"without the confidence threshold: in-scope accuracy "
                      f"{raw['in_scope_accuracy']:.2%}  out-of-scope recall {raw['oos_recall']:.2%}")
    if report["tradeoff"]:  # what other thresholds would do on this data
        curve = Table("out-of-scope recall wanted", "threshold", "in-scope accuracy",
                      "out-of-scope recall", title="out-of-scope trade-off on this data")
        for p in report["tradeoff"]:
            curve.add_row(f"{p['target']:.0%}", f"{p['threshold']:.3f}",
                          f"{p['in_scope_accuracy']:.2%}", f"{p['oos_recall']:.2%}")
        console.print(curve)
    table = Table("intent", "precision", "recall", "f1", "support")
    for label, m in report["per_intent"].items():
        table.add_row(label, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}",
                      str(m["support"]))
    console.print(table)
    console.print(f"confusion matrix: {report['confusion_png']}")


def register(cli: click.Group, groups: dict[str, click.Group]) -> None:
    groups["train"].add_command(train_command, "intents")
    groups["eval"].add_command(eval_command, "intents")
