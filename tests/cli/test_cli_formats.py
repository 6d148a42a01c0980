"""``ccpi-tui import`` on a folder mixing every format a clerk keeps."""

from __future__ import annotations

import json
import re

from ccpi_tui import samples_dir
from ccpi_tui.__main__ import main
from tests.store.documents import docx_bytes, minutes_lines, pdf_bytes, picture_pdf
from tests.store.test_ingest_docx import _numbered
from tests.store.test_ingest_html import AGENDA_PAGE, DECISION_PAGE
from tests.store.test_ingest_xml import BILLION_LAUGHS, GET_MEETING


def test_a_mixed_folder_gets_one_line_per_file_naming_format_and_outcome(capsys, tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    # Names that lie about the format: only the bytes decide.
    files = {
        "a-minutes.doc": pdf_bytes([minutes_lines()]),
        "b-page.txt": AGENDA_PAGE.encode("utf-8"),
        "c-decision.htm": DECISION_PAGE.encode("utf-8"),
        "d-minutes.bin": docx_bytes(_numbered),
        "e-service.xml": GET_MEETING.encode("utf-8"),
        "f-text.pdf": (samples_dir() / "003_00d6487a98f72f3b.txt").read_bytes(),
        "g-scan.pdf": picture_pdf(),
        "h-laughs.xml": BILLION_LAUGHS.encode("utf-8"),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    status = main(["--db", str(tmp_path / "db"), "import", str(folder)])
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if not line.startswith(" ")]
    assert status == 1 and len(lines) == len(files)
    assert "warning: The web page's scripts" in out
    seen = {}
    for line in lines:
        match = re.match(r"(\w+)\s+(\w+)\s+(\S+)", line)
        assert match, line
        seen[match[3].rsplit("/", 1)[-1].rstrip(":")] = (match[1], match[2])
    assert seen == {
        "a-minutes.doc": ("imported", "pdf"),
        "b-page.txt": ("merged", "html"),
        "c-decision.htm": ("imported", "html"),
        "d-minutes.bin": ("merged", "docx"),
        "e-service.xml": ("merged", "xml"),
        "f-text.pdf": ("imported", "text"),
        "g-scan.pdf": ("rejected", "pdf"),
        "h-laughs.xml": ("rejected", "xml"),
    }
    assert "scanned PDF with no text layer" in out
    main(["--db", str(tmp_path / "db"), "meetings", "--json"])
    meetings = json.loads(capsys.readouterr().out)
    assert sorted(m["date"] for m in meetings) == ["2017-03-07", "2021-03-02", "2021-10-04"]
