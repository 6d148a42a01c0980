"""Helpers shared by the command-line tests."""


def run(capsys, *argv):
    """Run ``ccpi-tui ARGV`` in-process; return (status, stdout, stderr)."""
    from ccpi_tui.__main__ import main

    status = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err
