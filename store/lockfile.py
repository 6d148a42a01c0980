"""The writers' lock of a store folder: ``flock`` on its ``.lock`` file.

The same lock the ``filelock`` package takes on Unix (an exclusive
``fcntl.flock`` of the whole file, which stays in place), in a few lines:
importing ``filelock`` costs a one-file import some 20 ms of its 200
(logging, secrets, an asyncio backend). Where there is no ``fcntl``
(Windows), ``filelock`` does it.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: Seconds between tries while another process holds the lock.
POLL = 0.05
#: What ``flock`` says when another holds it (some file systems say EACCES).
_HELD = frozenset({errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK})


class LockTimeout(Exception):
    """Another process held the lock for longer than the timeout."""


class WriterLock:
    """An exclusive lock on ``path``, taken by ``acquire`` and given back by
    ``release``; each thread holds it on a descriptor of its own, so two
    threads exclude each other as two processes do."""

    def __init__(self, path: Path, timeout: float) -> None:
        """Lock ``path`` (created if missing), waiting at most ``timeout`` seconds."""
        self.path = path
        self.timeout = timeout
        self._held = threading.local()
        self._fallback = None
        if fcntl is None:  # pragma: no cover - Windows
            from filelock import FileLock

            self._fallback = FileLock(path, timeout=timeout)

    def acquire(self) -> None:
        """Take the lock, waiting while another holds it.

        Raises:
            LockTimeout: It was held for ``timeout`` seconds.
            OSError: The lock file cannot be opened or locked.
        """
        if self._fallback is not None:  # pragma: no cover - Windows
            from filelock import Timeout

            try:
                self._fallback.acquire()
            except Timeout:
                raise LockTimeout(str(self.path)) from None
            return
        deadline = time.monotonic() + self.timeout
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except FileNotFoundError:  # a store folder not made yet (as filelock, make it)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if error.errno not in _HELD:
                        raise
                if time.monotonic() >= deadline:
                    raise LockTimeout(str(self.path))
                time.sleep(POLL)
        except BaseException:
            os.close(fd)
            raise
        self._held.fd = fd

    def release(self) -> None:
        """Give the lock back (this thread's; nothing if it holds none)."""
        if self._fallback is not None:  # pragma: no cover - Windows
            self._fallback.release()
            return
        fd = getattr(self._held, "fd", None)
        if fd is None:
            return
        self._held.fd = None
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
