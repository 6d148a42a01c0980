"""Export files: names made from hostile titles, planted links, no overwrites."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from store.database import Store
from store.export import (
    MAX_NAME_BYTES,
    ExportError,
    block_markdown,
    export_to_file,
    export_to_folder,
    markdown_for,
    md_escape,
    safe_filename,
    write_in_folder,
    write_new_file,
)
from store.models import Block, Meeting
from store.text import safe_line

RESERVED = {"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10))}
NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.md")


def assert_portable(name: str) -> None:
    """A name any file system takes, that no shell reads as an option."""
    assert NAME.fullmatch(name), name
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    # Windows reserves a name by what stands before its first dot.
    assert name.split(".", 1)[0] not in RESERVED, name


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("../../etc/passwd", "etc-passwd.md"),
        ("/etc/passwd", "etc-passwd.md"),
        ("a/b\\c", "a-b-c.md"),
        ("..", "export.md"),
        ("", "export.md"),
        ("   \t\n", "export.md"),
        ("日本語の議事録", "export.md"),
        ("-rf --no-preserve-root", "rf-no-preserve-root.md"),
        (".bashrc", "bashrc.md"),
        ("\x1b[2J\x1b]0;pwned\x07Budget", "2j-0-pwned-budget.md"),
        ("\u202eexe.txt\u202c Budget", "exe-txt-budget.md"),
        ("CON", "con-file.md"),
        ("nul", "nul-file.md"),
        ("COM1", "com1-file.md"),
        ("con.txt", "con-txt-file.md"),
        ("ｃｏｎ", "con-file.md"),
        ("Lpt9 minutes", "lpt9-minutes-file.md"),
        ("Café Réunion – 2015", "cafe-reunion-2015.md"),
    ],
)
def test_hostile_titles_become_portable_names(title, expected):
    name = safe_filename(title)
    assert name == expected
    assert_portable(name)


@pytest.mark.parametrize(
    "title",
    ["é" * 300, "a" * 500, "con " + "x" * 300, "中" * 150 + "b" * 190],
    ids=["accents", "ascii", "reserved", "cjk-then-ascii"],
)
def test_long_titles_are_cut_within_the_byte_limit(title):
    assert_portable(safe_filename(title))
    name = safe_filename("2015-12-10", "4", title)
    assert_portable(name)
    assert name.startswith("2015-12-10-4-")


def test_every_export_gets_a_fresh_name_and_nothing_is_overwritten(tmp_path):
    first = write_in_folder(tmp_path, "budget.md", "one", explicit=False)
    second = write_in_folder(tmp_path, "budget.md", "two", explicit=False)
    third = write_in_folder(tmp_path, "budget.md", "three", explicit=False)
    assert [p.name for p in (first, second, third)] == ["budget.md", "budget-2.md", "budget-3.md"]
    assert [p.read_text() for p in (first, second, third)] == ["one", "two", "three"]


def test_a_numbered_name_stays_within_the_byte_limit(tmp_path):
    name = "a" * (MAX_NAME_BYTES - 3) + ".md"
    paths = [write_in_folder(tmp_path, name, str(n), explicit=False) for n in range(3)]
    assert len({p.name for p in paths}) == 3
    assert all(len(p.name.encode()) <= MAX_NAME_BYTES for p in paths)


@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-file", "dangling"])
def test_a_symlink_planted_at_the_name_is_never_followed(tmp_path, dangling):
    folder = tmp_path / "exports"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    if not dangling:
        victim.write_text("precious")
    (folder / "budget.md").symlink_to(victim)
    written = write_in_folder(folder, "budget.md", "export", explicit=False)
    assert written == folder / "budget-2.md"
    assert written.read_text() == "export" and not written.is_symlink()
    assert (folder / "budget.md").is_symlink()
    if dangling:
        assert not victim.exists()
    else:
        assert victim.read_text() == "precious"


def test_write_new_file_refuses_a_link_or_a_file(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "link.md").symlink_to(victim)
    for path in (tmp_path / "link.md", victim):
        with pytest.raises(FileExistsError):
            write_new_file(path, "export")
    assert victim.read_text() == "precious"


def test_a_failed_write_leaves_no_half_file(tmp_path):
    target = tmp_path / "out.md"
    with pytest.raises(UnicodeEncodeError):
        write_new_file(target, "half" * 10_000 + "\udcff")
    assert not target.exists()


def test_an_export_folder_that_is_a_symlink_needs_naming_explicitly(tmp_path):
    real = tmp_path / "elsewhere"
    real.mkdir()
    link = tmp_path / "exports"
    link.symlink_to(real)
    with pytest.raises(ExportError, match="symbolic link"):
        write_in_folder(link, "budget.md", "export", explicit=False)
    assert list(real.iterdir()) == []
    written = write_in_folder(link, "budget.md", "export", explicit=True)
    assert (real / "budget.md").read_text() == "export" and written.parent == link


def test_a_missing_export_folder_is_one_sentence(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        write_in_folder(tmp_path / "nope", "budget.md", "export", explicit=False)


COMMITTEE = "../../etc \x1b[2J\u202eCommittee [link](https://example.org) <b>&#x202e;"


@pytest.fixture
def store(tmp_path):
    """A store with one meeting (no items, so no topic links are needed)."""
    store = Store.open(tmp_path / "db")
    with store.transaction() as writer:
        writer.put_meeting(
            Meeting(
                id="ccpi-2015-12-10",
                committee_id="ccpi",
                committee=COMMITTEE,
                date="2015-12-10",
            )
        )
    return store


def test_export_to_file_never_overwrites_or_follows_a_link(store, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "link.md").symlink_to(victim)
    for path in (victim, tmp_path / "link.md"):
        with pytest.raises(ExportError, match="already exists"):
            export_to_file(store, "ccpi-2015-12-10", path)
    assert victim.read_text() == "precious"
    written = export_to_file(store, "ccpi-2015-12-10", tmp_path / "meeting.md")
    assert written.read_text().startswith("---\n")


def test_export_to_folder_twice_keeps_both(store, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    first = export_to_folder(store, "ccpi-2015-12-10", folder, explicit=False)
    second = export_to_folder(store, "ccpi-2015-12-10", folder, explicit=False)
    assert first.name == "2015-12-10-ccpi-meeting.md"
    assert second.name == "2015-12-10-ccpi-meeting-2.md"
    text = first.read_text()
    assert text == second.read_text()


def test_exported_markdown_renders_no_html_and_no_link(store):
    text = markdown_for(store, "ccpi-2015-12-10")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    # A renderer that does not know front matter shows it as a paragraph.
    html = MarkdownIt("commonmark", {"html": True}).render(text)
    assert "<b>" not in html and "<a " not in html
    committee = text.split("---\n")[1].splitlines()[0].removeprefix("committee: ")
    assert json.loads(committee) == safe_line(COMMITTEE)


titles = st.text(st.characters(exclude_categories=()), max_size=300)


@settings(max_examples=60, deadline=None)
@given(st.lists(titles, min_size=1, max_size=6))
def test_any_titles_give_portable_unique_names_inside_the_folder(title_list):
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        written = []
        for title in title_list * 2:
            name = safe_filename("2015-12-10", title)
            assert_portable(name)
            path = write_in_folder(folder, name, title.encode("utf-8", "replace").decode(), explicit=False)
            assert path.parent == folder and path.resolve().parent == folder.resolve()
            assert_portable(path.name)
            written.append(path)
        assert len(set(written)) == len(written) == len(os.listdir(folder))


@given(st.text(st.characters(exclude_categories=()), max_size=200))
def test_markdown_text_is_safe_to_cat(text):
    for markdown in (md_escape(text), block_markdown(Block("paragraph", text))):
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]", markdown)
        assert "\n" not in markdown
