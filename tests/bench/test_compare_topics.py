"""bench.compare_topics tells equal topic tables from different ones."""

import sqlite3

from bench import compare_topics


def _store(path, rows):
    path.mkdir()
    db = sqlite3.connect(path / "index.sqlite")
    db.execute("CREATE TABLE topic_threads (id TEXT, keys TEXT)")
    db.execute("CREATE TABLE search_rows (id TEXT)")
    db.executemany("INSERT INTO topic_threads VALUES (?, ?)", rows)
    db.execute("INSERT INTO search_rows VALUES ('not compared')")
    db.commit()
    db.close()
    return path


def test_same_rows_in_any_order_are_the_same(tmp_path, capsys):
    old = _store(tmp_path / "old", [("t-a", '["a"]'), ("t-b", '["b"]')])
    new = _store(tmp_path / "new", [("t-b", '["b"]'), ("t-a", '["a"]')])
    assert compare_topics.main([str(old), str(new), "--items", "0"]) == 0
    assert "same   topic_threads (2 rows)" in capsys.readouterr().out


def test_a_changed_row_is_named(tmp_path, capsys):
    old = _store(tmp_path / "old", [("t-a", '["a"]'), ("t-b", '["b"]')])
    new = _store(tmp_path / "new", [("t-a", '["a", "c"]'), ("t-b", '["b"]')])
    assert compare_topics.main([str(old), str(new), "--items", "0"]) == 1
    out = capsys.readouterr().out
    assert "DIFFER topic_threads" in out and '["a", "c"]' in out
