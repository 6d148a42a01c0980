"""``ccpi-tui serve``: the same app in a web browser, one process per session.

textual-serve runs a shell command for each browser session and relays the
terminal over a WebSocket to xterm.js in the page. The command here is
``python -m ccpi_tui --db PATH`` with ``CCPI_WEB`` in its environment, so the
session is the ordinary app told that it is in a browser: read-only unless
the clerk said ``--allow-edits``, and exporting by download rather than onto
the server's disk (see ``WebMode``).

Before the first session the store and its search index are opened once
here, so that a missing search index is made by one process, not raced by
ten; sessions then only read.

Nothing here imports Textual: the server process only relays bytes.
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import signal
import socket
import subprocess
import sys
from pathlib import Path

from ccpi_tui.options import WEB_ENV, WebMode  # noqa: F401 - WebMode re-exported: the mode serve gives its sessions

_MODES = ("read-only", "edits")
#: The page template: textual-serve's own, guarded against opening links.
TEMPLATES = Path(__file__).parent / "web" / "templates"


def is_loopback(host: str) -> bool:
    """True when ``host`` names this machine only (``localhost``, 127/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, port: int) -> str | None:
    """The one sentence warning that the archive is open to the network, or None."""
    if is_loopback(host):
        return None
    return (
        f"Serving on {host}:{port}: anyone who can reach this port can read the whole archive"
        " (there is no login); stop it with Ctrl+C."
    )


def public_url(host: str, port: int) -> str:
    """The address the page tells the browser to connect back to.

    Listening on every address (``0.0.0.0``, ``::``) is not an address a
    browser can reach, so the page names this machine instead.
    """
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def session_command(root: Path, allow_edits: bool) -> str:
    """The shell command textual-serve runs for each browser session.

    ``exec`` twice (the shell, then ``env``) leaves the app as the one
    process of the session, so the server's own stop reaches it directly.
    """
    mode = _MODES[allow_edits]
    return "exec " + shlex.join(
        ["env", f"{WEB_ENV}={mode}", sys.executable, "-m", "ccpi_tui", "--db", str(root.resolve())]
    )


#: The child ``prepare`` runs. An index current with the records on disk
#: (``index.current_connection``: caught up with this very ``records.json``,
#: which therefore parsed) needs neither the records read nor the search
#: modules imported: at 2,000 meetings that is 0.05 s instead of 0.4 s, CPU
#: the server's own start-up shares the machine with.
_PREPARE = """\
import sys
from pathlib import Path

root = Path(sys.argv[1])
from store import OLD_MANIFEST, current_connection

if root.is_dir() and not (root / OLD_MANIFEST).exists():
    current = current_connection(root)
    if current is not None:
        current.close()
        sys.exit(0)
from store import SearchIndex, StoreError, open_store

told = []


def progress(done, total):
    if not told:  # a rebuild: minutes at 10,000 meetings, before the server listens
        told.append(total)
        print(f"Rebuilding the search index of {total // 2:,} meetings before serving...", flush=True)


try:
    SearchIndex.build(open_store(root), progress=progress).close()
except StoreError as error:
    sys.exit(str(error))
"""


def prepare(root: Path) -> subprocess.Popen[str]:
    """Start checking the store and opening its search index once, in a child.

    A child process, so that it runs beside the import of the web server
    (``web_server``) rather than after it: ``serve`` answers sooner.
    The child makes the search index if it is missing or behind the records
    (an older store's records are moved to this layout first; a rebuild says
    so on stdout, one line, since the server listens only after it), and exits 2
    with the store's one-sentence complaint on stderr if the store cannot
    be opened.
    """
    return subprocess.Popen([sys.executable, "-c", _PREPARE, str(root)], stderr=subprocess.PIPE, text=True)


def web_server() -> type:
    """``ArchiveServer``, imported without the certificates aiohttp loads.

    Importing aiohttp makes its HTTP client's two default TLS contexts, each
    reading the system's certificate authorities: a quarter of the time
    ``serve`` took to answer on an idle machine (more under load). The
    server only listens over plain HTTP and never makes a client request,
    so the contexts are made without them here; a client request over TLS
    from this process would then fail to verify, not pass unverified.
    """
    import ssl

    load = ssl.SSLContext.load_default_certs, ssl.SSLContext.set_default_verify_paths
    ssl.SSLContext.load_default_certs = lambda self, purpose=None: None  # type: ignore[method-assign,assignment]
    ssl.SSLContext.set_default_verify_paths = lambda self: None  # type: ignore[method-assign]
    try:
        from ccpi_tui.web.server import ArchiveServer
    finally:
        ssl.SSLContext.load_default_certs, ssl.SSLContext.set_default_verify_paths = load  # type: ignore[method-assign]
    return ArchiveServer


def serve(root: Path, host: str, port: int, allow_edits: bool) -> int:
    """Serve the app until Ctrl+C or SIGTERM; return the exit status.

    Sessions still open when the server stops are asked to quit (see
    ``ArchiveServer``); any that has not gone by the time the server
    returns is ended here, so no session outlives its server.
    """
    preparing = prepare(root)
    ArchiveServer = web_server()  # noqa: N806 - a class
    _, complaint = preparing.communicate()
    if preparing.returncode:
        from store import safe_line

        sys.stderr.write(f"ccpi-tui: {safe_line(complaint.strip())}\n")
        return 2
    warning = exposure_warning(host, port)
    if warning:
        sys.stderr.write(f"ccpi-tui: {warning}\n")
    server = ArchiveServer(
        session_command(root, allow_edits),
        host=host,
        port=port,
        title="ccpi-tui",
        public_url=public_url(host, port),
        templates_path=TEMPLATES,
    )
    try:
        server.serve()
    except OSError as error:
        sys.stderr.write(f"ccpi-tui: Cannot serve on {host}:{port}: {error.strerror or error}.\n")
        return 1
    finally:
        end_sessions()
    return 0


def end_sessions() -> None:
    """End this process's children (the sessions) that are still running."""
    for pid in children_of(os.getpid()):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass


def children_of(pid: int) -> list[int]:
    """The ids of process ``pid``'s children, from ``/proc`` (Linux only)."""
    me = str(pid)
    found = []
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:
            found.append(int(entry.parent.name))
    return found
