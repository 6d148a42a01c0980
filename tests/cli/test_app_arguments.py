"""Opening the app parses its few options without the commands' parser, to the same answer."""

import pytest

from ccpi_tui.__main__ import app_arguments, build_parser


@pytest.mark.parametrize(
    "argv",
    [[], ["--db", "/tmp/store"], ["--db=/tmp/store", "--export-dir", "/tmp/out"], ["--export-dir", "x", "--db", "y"]],
)
def test_what_only_opens_the_app_is_parsed_as_the_whole_parser_would(argv: list[str]) -> None:
    quick = app_arguments(argv)
    assert quick is not None
    assert vars(quick) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [["meetings"], ["--db", "x", "search", "y"], ["--help"], ["--version"], ["--db"], ["--d", "x"], ["--bogus"]],
)
def test_anything_else_is_left_to_the_whole_parser(argv: list[str]) -> None:
    assert app_arguments(argv) is None
