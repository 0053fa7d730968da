"""``dwgk --help`` from the text the last run printed, when nothing it depends on changed.

The top-level help lists every command with its first help line: printing it means importing
typer and every command module, several times what starting Python costs. The text depends
only on dwgk's command modules, the typer that formats it, and the terminal (width, colour),
so it is kept in the user's cache folder under a key made of exactly those: the size and
mtime of each module of ``dwgk/cli`` and of typer, the Python version, the terminal's width
and whether output is a terminal, and the variables that change formatting. A changed module
gives another key, so a kept text is never out of date; a missing or unreadable one is simply
printed the slow way and kept. This module imports nothing but the standard library and ``dwgk.userdirs``.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import sys
from importlib.util import find_spec

from dwgk.userdirs import cache_home

ENV = ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "LANG", "LC_ALL", "LC_CTYPE")


def key(env) -> str:
    here = os.path.dirname(os.path.abspath(__file__))
    parts = [sys.version, sys.executable]
    spec = find_spec("typer")
    sources = [os.path.join(here, n) for n in sorted(os.listdir(here)) if n.endswith(".py")]
    sources.append(os.path.join(os.path.dirname(here), "__init__.py"))  # the version
    if spec is not None and spec.origin:
        sources.append(spec.origin)
    for path in sources:
        st = os.stat(path)
        parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    parts += [f"{k}={env.get(k, '')}" for k in ENV]
    parts.append(f"tty={sys.stdout.isatty()}:{shutil.get_terminal_size((80, 24)).columns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:24]


def path(env) -> str | None:
    where = cache_home(env)
    return os.path.join(where, f"help-{key(env)}.txt") if where else None


def kept(env) -> str | None:
    """The kept help text for this key, or None. Never through a symlink."""
    try:
        p = path(env)
        if p is None:
            return None
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            return f.read(1 << 20).decode("utf-8")
    except (OSError, ValueError, AttributeError):  # no cache folder, a closed stdout …: print it afresh
        return None


def keep(env, text: str) -> None:
    """Keep ``text`` for this key (a private temp file renamed into place); failures are silent."""
    try:
        p = path(env)
        if p is None or not text:
            return
        os.makedirs(os.path.dirname(p), mode=0o700, exist_ok=True)
        tmp = f"{p}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except (OSError, ValueError, AttributeError):
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
        os.replace(tmp, p)
    except (OSError, ValueError):
        try:  # a full disk: no half-written text left beside the kept ones
            os.unlink(tmp)
        except OSError:
            pass


class Tee(io.StringIO):
    """Standard output that also remembers what was written (the help text to keep)."""

    def __init__(self, stream):
        super().__init__()
        self.stream = stream

    def write(self, s: str) -> int:
        self.stream.write(s)
        return super().write(s)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    @property
    def encoding(self):  # type: ignore[override]
        return self.stream.encoding

    def fileno(self) -> int:
        return self.stream.fileno()
