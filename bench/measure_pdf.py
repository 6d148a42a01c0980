"""PDF text extraction: pypdfium2 against pypdf on a 20-page minutes PDF.

Run ``python -m bench.measure_pdf``. The PDF is written here with reportlab
(real minutes pages: a header, numbered items, paragraphs, a table, a
running header and page numbers), then each library extracts all its text;
the figures are the median and the best of five runs. ``import`` is the whole ccpi-tui
import path for the same file (detection, layout, shape parsing).
"""

from __future__ import annotations

import statistics
import time

from tests.store.documents import minutes_lines, pdf_bytes

PAGES = 20
RUNS = 5


def minutes_pdf(pages: int = PAGES) -> bytes:
    """A ``pages``-page printed-minutes PDF with running header and page numbers."""
    lines = minutes_lines(items=pages * 5, paragraphs=2)
    lines += ["Service\tTarget\tActual", "Adults", (220, "95%"), (320, "93%")]
    per_page = 50
    chunks = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    return pdf_bytes(
        chunks[:pages], header="Cabinet Committee on Performance Improvement - 2 March 2021",
        footer=True,
    )


def _times(run) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def _figures(times: list[float]) -> str:
    """"median … ms (best … ms)" for a list of seconds."""
    return f"median {statistics.median(times) * 1000:8.1f} ms (best {min(times) * 1000:7.1f} ms)"


def main() -> None:
    import io

    import pypdf
    import pypdfium2 as pdfium

    from store.ingest import parse_document

    data = minutes_pdf()

    def with_pdfium() -> None:
        document = pdfium.PdfDocument(data)
        for page in document:
            page.get_textpage().get_text_range()
        document.close()

    def with_pypdf() -> None:
        for page in pypdf.PdfReader(io.BytesIO(data)).pages:
            page.extract_text()

    def with_pypdf_layout() -> None:
        for page in pypdf.PdfReader(io.BytesIO(data)).pages:
            page.extract_text(extraction_mode="layout")

    pages = len(pdfium.PdfDocument(data))
    print(f"{pages}-page minutes PDF, {len(data):,} bytes; {RUNS} runs each")
    for label, run in (
        ("pypdfium2 text", with_pdfium),
        ("pypdf text", with_pypdf),
        ("pypdf layout text", with_pypdf_layout),
        ("ccpi-tui parse_document (pypdfium2 + layout + parsing)", lambda: parse_document(data)),
    ):
        print(f"  {label:<56} {_figures(_times(run))}")
    parsed = parse_document(data)
    print(f"  parsed: {parsed.shape}, {len(parsed.items)} items, meeting {parsed.meeting.date}")
    print(f"  {'import_paths into a new store (parse, merge, topics, index)':<56} {_figures(_import(data))}")


def _import(data: bytes) -> list[float]:
    """The times of a whole import of the PDF into a fresh store."""
    import tempfile
    from pathlib import Path

    from store.database import Store
    from store.importer import import_paths

    times = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "minutes.pdf"
            path.write_bytes(data)
            store = Store.open(Path(folder) / "store")
            started = time.perf_counter()
            [result] = import_paths(store, [path])
            times.append(time.perf_counter() - started)
            assert result.status == "imported", result.message
    return times


if __name__ == "__main__":
    main()
