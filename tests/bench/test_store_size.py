"""bench.store_size: a store's bytes by file and by index table."""

from bench import store_size
from store import index
from store.database import Store
from tests.store.recurring import put


def test_every_byte_of_the_store_is_counted_once_by_kind_and_the_index_by_table(tmp_path):
    store = Store.open(tmp_path / "db")
    put(store, "2020-01-01", [("Budget", "the gravel quarry " * 200), ("Parking", "meters")])
    index.connection(store)
    files = store_size.file_sizes(store.root)
    assert sum(files.values()) == sum(p.stat().st_size for p in store.root.rglob("*") if p.is_file())
    assert files["records.json"] > 0 and files["items/"] > 0
    tables = store_size.table_sizes(store.root / index.INDEX_FILE)
    # An FTS5 table's shadow tables, and a table's indexes, are counted as it.
    assert "search_fts" in tables and "search_fts_data" not in tables
    assert "search_items" in tables and "search_items_date" not in tables
    db = index.connection(store)
    (pages,), (page,) = db.execute("PRAGMA page_count").fetchone(), db.execute("PRAGMA page_size").fetchone()
    assert sum(tables.values()) == pages * page
    lines = store_size.report(store.root, text=1_000_000).splitlines()
    assert lines[0].startswith("store") and lines[0].endswith("× text")


def test_a_folder_that_is_not_a_store_is_refused(tmp_path, capsys):
    assert store_size.main([str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"{tmp_path} is not a store: it has no records.json.\n"
