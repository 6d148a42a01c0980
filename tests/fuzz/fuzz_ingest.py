"""Fuzz target for the importer: any bytes either parse or are rejected.

Run it under atheris (coverage-guided) when atheris is installed::

    pip install atheris
    python tests/fuzz/fuzz_ingest.py -max_total_time=300 -timeout=2

(``-timeout`` makes an input that takes over 2 s a finding.) The same ``check`` runs in the suite under hypothesis
(``tests/store/test_fuzz_target.py``), so the contract is tested on every CI
run even where atheris is missing; how long inputs take is measured by
``python -m bench.hostile``, not asserted.
"""

from __future__ import annotations

import sys

from store.ingest import Rejected, parse_document
from store.models import ParsedDocument
from store.text import safe_text


def check(data: bytes) -> ParsedDocument | None:
    """Parse ``data``; fail loudly on anything but a result or ``Rejected``.

    Returns:
        The parsed document, or None when it was rejected.
    """
    try:
        document = parse_document(data, "fuzz.txt")
    except Rejected as error:
        message = str(error)
        assert message and "\n" not in message, f"rejection must be one sentence: {message!r}"
        return None
    for item in document.items:
        for text in (item.title, *(block.text for block in item.blocks)):
            assert safe_text(text) == text, f"unclean text stored: {text[:80]!r}"
    return document


def main() -> None:
    """Hand ``check`` to atheris."""
    import atheris

    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
