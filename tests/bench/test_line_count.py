"""The line count of the storage and index code (issue 12) stays countable."""

from bench.line_count import COUNTED, code_lines, count, main


def test_code_lines_leave_out_blanks_comments_and_docstrings():
    source = '"""Module."""\n\n# a comment\ndef f(x):\n    """Doc."""\n    return (x,\n            "text")  # why\n'
    assert code_lines(source) == 3


def test_every_store_file_is_in_one_group_and_the_table_prints(capsys):
    groups = count()
    names = [name for rows in groups.values() for name, _, _ in rows]
    assert "store/database.py" in [name for name, _, _ in groups[COUNTED]]
    assert len(names) == len(set(names)) > 50
    assert main([]) == 0
    assert f"{COUNTED}: " in capsys.readouterr().out
