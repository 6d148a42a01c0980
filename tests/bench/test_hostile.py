"""The hostile-input bench: each row times the refusal it is named for.

Timings are not checked here (they are the bench's to print); what is
checked is that each refusal row really runs into its refusal, so a figure
cannot come from an input that was read some other, cheaper way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.hostile import _cases, main, measure

REFUSED = {
    "xml billion laughs, imported": "entity expansion",
    "pdf 20 MB stream over a 16 MB limit, imported": "decompression bomb",
    "docx zip bomb 64 MB, imported": "ZIP bomb",
    "html <div> x 50,000 deep": "over 1,000 deep",
    "html <b> x 50,000 deep": "over 1,000 deep",
    "html <span><table> x 50,000 deep": "over 1,000 deep",
    "minutes 5,000 nested markers": "too many to recover",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_each_refusal_row_runs_into_its_refusal(name: str, tmp_path: Path) -> None:
    [case] = [case for case in _cases() if case.name == name]
    outcome = case.prepare(tmp_path)()
    if isinstance(outcome, list):  # an import: one result
        [result] = outcome
        assert result.status == "rejected"
        outcome = result.message
    assert isinstance(outcome, str) and REFUSED[name] in outcome


def test_a_row_gives_one_sample_a_run(tmp_path: Path) -> None:
    [case] = [case for case in _cases() if case.name.startswith("html <b>")]
    samples = measure(case, 3)
    assert len(samples) == 3 and all(sample > 0 for sample in samples)


def test_usage_errors_exit_two(capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--repeat", "many"])
    assert stopped.value.code == 2
