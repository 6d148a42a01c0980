"""Entry point: parse arguments, open the store, run the app or a command.

Nothing heavy is imported at the top: the app path must not pay for the
shell commands' modules (and the store's) before its first frame.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ccpi_tui import __version__, samples_dir

if TYPE_CHECKING:
    from ccpi_tui.app import CouncilApp
    from ccpi_tui.startup import IndexRead

EPILOG = """\
examples:
  ccpi-tui                                 open the browser
  ccpi-tui import ~/minutes/               import every document in a folder
  ccpi-tui meetings                        list meetings, newest first
  ccpi-tui show ccpi-2015-12-10            a meeting with its agenda
  ccpi-tui show ccpi-2015-12-10/4          one item as text
  ccpi-tui search "ofstd inspection"       fuzzy search (typos are fine)
  ccpi-tui search "year:2017 customer"     with a filter (committee: after: before: year: in:title)
  ccpi-tui search "before:2017 x"          before 2017-01-01 (after:2017: after 2017-12-31)
  ccpi-tui export ccpi-2015-12-10/4 -o .   Markdown into the current folder
  ccpi-tui thread ccpi-2015-12-10/6        the topic across meetings
  ccpi-tui people driver                   one person's meetings, apologies, chairs
  ccpi-tui followups --all                 promises to report back, met or not
  ccpi-tui diff ccpi-2017-06-27/r1         what changed since the thread's last one
  ccpi-tui export decisions -o .           also person:ID, followups, diff:ITEM
  ccpi-tui serve                           the same app in a web browser

The store is CCPI_DB or --db PATH, else the user's data folder; a new
default store is filled with the bundled samples so there is something
to see.
"""


def default_store() -> Path:
    """The store in the user's data folder (XDG_DATA_HOME on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("ccpi-tui") / "store"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with ``--db`` accepted before or after a command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        default=argparse.SUPPRESS,
        help="store folder (default: $CCPI_DB, else the user's data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="ccpi-tui",
        description="Browse committee meeting records (ModernGov) from the terminal.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"ccpi-tui {__version__}")
    parser.add_argument(
        "--export-dir",
        metavar="DIR",
        type=Path,
        help="where exports are written (default: export_dir in the settings file, else <documents>/ccpi-tui)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, description=help_text, parents=[common])

    sub = command("import", "import document files or folders (recursively)")
    sub.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    sub.add_argument("--samples", action="store_true", help="import the bundled sample documents")
    sub.add_argument(
        "--committee", type=_committee, metavar="NAME",
        help="the committee of documents that print none (a page saved without its heading)",
    )
    sub.add_argument(
        "--date", type=_iso_date, metavar="YYYY-MM-DD",
        help="the meeting date of documents that print none",
    )

    sub = command("meetings", "list meetings, newest first")
    sub.add_argument("--json", action="store_true", help="JSON for scripts")

    sub = command("show", "show a meeting (with its agenda) or an item")
    sub.add_argument("id", metavar="ID")
    sub.add_argument("--json", action="store_true", help="JSON for scripts")

    sub = command("search", "fuzzy search over titles and text")
    sub.add_argument("query", nargs="+", metavar="QUERY")
    sub.add_argument("--limit", type=int, default=20, metavar="N", help="results at most (default 20)")
    sub.add_argument("--json", action="store_true", help="JSON for scripts")

    sub = command("export", "Markdown of an item or meeting to stdout, a file or a folder")
    sub.add_argument("id", metavar="ID")
    sub.add_argument("-o", "--output", type=Path, metavar="PATH", help="file or existing folder")

    sub = command("thread", "an item's topic thread across meetings, and its references")
    sub.add_argument("id", metavar="ID")
    sub.add_argument("--json", action="store_true", help="JSON for scripts")
    sub.add_argument("--confirm", metavar="OTHER", help="confirm the link to item OTHER")
    sub.add_argument("--reject", metavar="OTHER", help="reject the link to item OTHER")
    sub.add_argument("--move", metavar="TARGET", help="move the item to thread TARGET (a thread or item id)")
    command("reindex", "rebuild the search and topic index from the records")

    from ccpi_tui.cli_across import add_parsers

    add_parsers(command)
    sub = command("serve", "serve the app to web browsers (read-only unless --allow-edits)")
    sub.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    sub.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    sub.add_argument("--allow-edits", action="store_true", help="let browser sessions import and correct")
    return parser


def store_location(args: argparse.Namespace) -> tuple[Path, bool]:
    """The store folder, and whether it is the default one."""
    if "db" in args:
        return args.db, False
    if os.environ.get("CCPI_DB"):
        return Path(os.environ["CCPI_DB"]), False
    return default_store(), True


def fill_with_samples(store: object) -> str:
    """Import the bundled samples; return the sentence that says so."""
    from store import import_paths

    results = import_paths(store, [samples_dir()])  # type: ignore[arg-type]
    stored = sum(result.ok for result in results)
    return f"The store was empty, so the {stored} bundled sample documents were imported."


def app_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The arguments, when all they do is open the app (``--db``,
    ``--export-dir``): parsed without making every command's parser, some
    ten milliseconds the first frame would wait for. None for anything else
    (a command, ``--help``, a mistake), which ``build_parser`` parses."""
    quick = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    quick.add_argument("--db", type=Path, default=argparse.SUPPRESS)
    quick.add_argument("--export-dir", type=Path)
    try:
        args, rest = quick.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    if rest:
        return None
    args.command = None
    return args


def main(argv: list[str] | None = None) -> int:
    """Run ``ccpi-tui``; return the exit status."""
    words = sys.argv[1:] if argv is None else argv
    args = app_arguments(words) or build_parser().parse_args(words)
    root, is_default = store_location(args)
    try:
        return dispatch(args, root, is_default)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return reader_left()
    except Exception as error:  # noqa: BLE001 - the one place that turns faults into a sentence
        from ccpi_tui.cli import EXIT_USAGE, fail
        from store import ExportError, StoreError

        if isinstance(error, StoreError | ExportError):
            return fail(str(error), EXIT_USAGE)
        if os.environ.get("CCPI_DEBUG"):
            raise
        return fail(f"unexpected {type(error).__name__}: {error} (set CCPI_DEBUG=1 for details)")


#: The status a shell gives a command ended by SIGPIPE (128 + 13).
EXIT_READER_LEFT = 141


def reader_left() -> int:
    """The reader of our output went away (``| head -1``, ``| true``, ``q``
    in ``less``): end quietly, as a Unix tool does.

    Standard output is pointed at ``/dev/null`` so that the interpreter's
    own flush at exit does not raise the same error again.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_READER_LEFT


def dispatch(args: argparse.Namespace, root: Path, is_default: bool) -> int:
    """Open the store and run the chosen command (or the app)."""
    if args.command is None:
        return run_app(args, root, is_default)
    if args.command == "serve":
        from ccpi_tui.serve import serve
        from store import open_store

        if is_default and open_store(root).is_empty():
            sys.stderr.write(fill_with_samples(open_store(root)) + "\n")
        return serve(root, args.host, args.port, args.allow_edits)
    with collector_off():
        return run_command(args, root, is_default)


@contextmanager
def collector_off() -> Iterator[None]:
    """Run a shell command without Python's cycle collector.

    A command reads parts and shards of the store into millions of objects
    and makes no cycles worth collecting: each collection would only walk
    them (some 20 ms of an import into an archive of 10,000 meetings), and
    the collection as the interpreter exits all of them before freeing them
    one by one (some 40 ms). So the collector is off while the command runs,
    and what the command left is then frozen: never walked again, and given
    back to the operating system at once when the process ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _iso_date(text: str) -> str:
    """``--date``: a calendar date written YYYY-MM-DD."""
    import datetime as dt
    import re

    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD")


def _committee(text: str) -> str:
    """``--committee``: a name, whitespace normalised."""
    from store import safe_line

    name = " ".join(safe_line(text).split())
    if not name:
        raise argparse.ArgumentTypeError("the committee name is empty")
    return name


def run_command(args: argparse.Namespace, root: Path, is_default: bool) -> int:
    """Open the store and run the chosen shell command.

    ``search`` is given the folder instead when the store needs no opening:
    it reads the records only if the index may be behind them.
    """
    from ccpi_tui import cli

    if writes(args) and (refusal := web_refusal()):
        return cli.fail(refusal, cli.EXIT_USAGE)
    if args.command == "search" and args.limit < 1:
        return cli.fail("--limit must be at least 1.", cli.EXIT_USAGE)
    if args.command == "search" and not needs_opening(root, is_default):
        return cli.run_search(root, " ".join(args.query), args.limit, args.json)
    from store import open_store

    store = open_store(root)
    if store.migrated:
        sys.stderr.write(store.migrated + "\n")
    if is_default and args.command != "import" and store.is_empty():
        sys.stderr.write(fill_with_samples(store) + "\n")
    if args.command == "import":
        paths = list(args.paths) + ([samples_dir()] if args.samples else [])
        if not paths:
            sys.stderr.write("ccpi-tui import: name files or folders to import, or --samples\n")
            return cli.EXIT_USAGE
        return cli.run_import(store, paths, args.committee, args.date)
    if args.command == "meetings":
        return cli.run_meetings(store, args.json)
    if args.command == "show":
        return cli.run_show(store, args.id, args.json)
    if args.command == "search":
        return cli.run_search(store, " ".join(args.query), args.limit, args.json)
    if args.command == "export":
        return cli.run_export(store, args.id, args.output, _cli_export_folder(args))
    if args.command == "thread":
        return cli.run_thread(store, args)
    if args.command == "reindex":
        return cli.run_reindex(store)
    from ccpi_tui import cli_across

    status = cli_across.run(store, args)
    return cli.EXIT_USAGE if status is None else status


def _cli_export_folder(args: argparse.Namespace) -> tuple[Path, bool] | None:
    """Where ``export ID`` without ``-o`` writes: the export folder at a terminal
    or with ``--export-dir``; None (standard output) when piped."""
    if args.output is not None or (args.export_dir is None and not sys.stdout.isatty()):
        return None
    from ccpi_tui.settings import export_folder, load_settings, settings_path

    settings, problem = load_settings(settings_path())
    if problem:
        sys.stderr.write(problem + "\n")
    return export_folder(args.export_dir, settings)


def writes(args: argparse.Namespace) -> bool:
    """True when the shell command would change the store."""
    if args.command == "import":
        return True
    if args.command == "thread":
        return bool(args.confirm or args.reject or args.move)
    if args.command == "people":
        return bool(args.merge_into or args.split)
    return args.command == "followups" and bool(args.mark)


def web_refusal() -> str | None:
    """The sentence refusing a change in a read-only browser session, or None."""
    from ccpi_tui.options import WebMode

    mode = WebMode.from_environment()
    return mode.REFUSAL if mode is not None and not mode.allow_edits else None


def needs_opening(root: Path, is_default: bool) -> bool:
    """True when opening the store at ``root`` does more than read it: a
    store of the previous version is migrated, and a new default store is
    filled with the samples (each says so on stderr)."""
    from store import OLD_MANIFEST, RECORDS_NAME

    return (root / OLD_MANIFEST).exists() or (is_default and not (root / RECORDS_NAME).exists())


def run_app(args: argparse.Namespace, root: Path, is_default: bool) -> int:
    """Open the browser; fill a new default store with the samples first.

    The newest meetings are read from the index in a thread begun here,
    before Textual is imported, so the first frame can list them
    (``ccpi_tui.startup``).
    """
    from ccpi_tui.startup import IndexRead, pause_collector

    pause_collector()  # until the first frame is drawn (ccpi_tui.startup)
    notice = None
    # A store of the previous version is migrated here, where it can be said.
    if needs_opening(root, is_default):
        from store import open_store

        store = open_store(root)
        if store.migrated:
            sys.stderr.write(store.migrated + "\n")
        if is_default and store.is_empty():
            notice = fill_with_samples(store)
    app = build_app(args, root, notice, IndexRead.start(root))
    app.run()
    return app.return_code or 0


def build_app(args: argparse.Namespace, root: Path, notice: str | None, read: IndexRead | None = None) -> CouncilApp:
    """The app as the command line makes it: export folder and theme from the
    settings file, a sentence added to ``notice`` if that file is bad, the
    index being read by ``read``."""
    from ccpi_tui.app import CouncilApp
    from ccpi_tui.options import AppOptions, WebMode
    from ccpi_tui.settings import export_folder, load_settings, settings_path

    settings_file = settings_path()
    settings, problem = load_settings(settings_file)
    if problem:
        notice = f"{notice} {problem}" if notice else problem
    export_dir, explicit = export_folder(args.export_dir, settings)
    options = AppOptions(
        root, export_dir, explicit, notice, WebMode.from_environment(), settings_file, settings.theme, read
    )
    return CouncilApp(options)


if __name__ == "__main__":
    sys.exit(main())
