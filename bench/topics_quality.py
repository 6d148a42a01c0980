"""How good the automatic links are: precision and recall against labels.

A labels file (``tests/store/topics_labels.json``) lists, from reading the
documents, the true threads, the related sections and the references with
their targets. The links the program makes are compared with it, kind by
kind:

* **threads**: every pair of items that share a thread;
* **related**: every pair of items linked by a section;
* **references**: every ``(item, kind, date, target)``.

Run ``python -m bench.topics_quality [LABELS] [DOCUMENTS...]`` to import the
documents (the bundled samples by default) into a temporary store and print
the table.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from store.database import Store
from store.topics import thread_view

KINDS = ("threads", "related", "references")


@dataclass(slots=True)
class Score:
    """Links found, links labelled, and how many of them agree."""

    found: int
    labelled: int
    agreed: int

    @property
    def precision(self) -> float:
        """Share of the links found that are true (1 when none were found)."""
        return self.agreed / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        """Share of the true links that were found (1 when none are true)."""
        return self.agreed / self.labelled if self.labelled else 1.0


def _pairs(groups: Iterable[Iterable[str]]) -> set[frozenset[str]]:
    return {
        frozenset(pair) for group in groups for pair in itertools.combinations(sorted(set(group)), 2)
    }


def labelled_links(labels: dict[str, Any]) -> dict[str, set[Any]]:
    """The true links of a labels file, by kind."""
    return {
        "threads": _pairs(thread["items"] for thread in labels["threads"]),
        "related": {frozenset(entry["items"]) for entry in labels["related"]},
        "references": {
            (ref["item"], ref["kind"], ref["date"], ref["target"]) for ref in labels["references"]
        },
    }


def found_links(store: Store) -> dict[str, set[Any]]:
    """The links the program made for every item of ``store``, by kind."""
    threads: dict[str, set[str]] = {}
    related: set[frozenset[str]] = set()
    references: set[tuple[str, str, str | None, str | None]] = set()
    for item_id in (summary.id for summary in store.all_summaries()):
        view = thread_view(store, item_id)
        if view.thread_id is not None:
            threads.setdefault(view.thread_id, set()).update(link.id for link in view.thread)
        related |= {frozenset((item_id, link.id)) for link in view.related}
        references |= {(item_id, ref.kind, ref.date, ref.target) for ref in view.references}
    return {"threads": _pairs(threads.values()), "related": related, "references": references}


def measure(store: Store, labels: dict[str, Any]) -> dict[str, Score]:
    """Precision and recall of ``store``'s links against ``labels``.

    Returns:
        A ``Score`` per kind in ``KINDS``, and ``all`` for the three pooled.
    """
    truth, found = labelled_links(labels), found_links(store)
    scores = {
        kind: Score(len(found[kind]), len(truth[kind]), len(found[kind] & truth[kind]))
        for kind in KINDS
    }
    scores["all"] = Score(
        sum(s.found for s in scores.values()),
        sum(s.labelled for s in scores.values()),
        sum(s.agreed for s in scores.values()),
    )
    return scores


def table(scores: dict[str, Score]) -> str:
    """The scores as a small plain-text table."""
    lines = [f"{'links':<11}{'found':>6}{'true':>6}{'agreed':>8}{'precision':>11}{'recall':>8}"]
    for kind, score in scores.items():
        lines.append(
            f"{kind:<11}{score.found:>6}{score.labelled:>6}{score.agreed:>8}"
            f"{score.precision:>11.2f}{score.recall:>8.2f}"
        )
    return "\n".join(lines)


def load_labels(path: Path) -> dict[str, Any]:
    """Read a labels file."""
    return orjson.loads(path.read_bytes())


def main(argv: list[str] | None = None) -> int:
    """Import documents into a temporary store and print the scores."""
    from ccpi_tui import samples_dir
    from store.importer import import_paths

    args = sys.argv[1:] if argv is None else argv
    default = Path(__file__).resolve().parents[1] / "tests" / "store" / "topics_labels.json"
    labels = Path(args[0]) if args else default
    documents = [Path(arg) for arg in args[1:]] or [samples_dir()]
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "store")
        import_paths(store, documents)
        print(table(measure(store, load_labels(labels))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
