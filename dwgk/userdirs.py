"""The user's own folders dwgk keeps things in (standard library only: the ``--help`` fast
path imports it before anything else of dwgk)."""

from __future__ import annotations

import os
from typing import Mapping


def cache_home(env: Mapping[str, str]) -> str | None:
    """$XDG_CACHE_HOME/dwgk or ~/.cache/dwgk; None when neither variable is set."""
    base = env.get("XDG_CACHE_HOME") or (os.path.join(env["HOME"], ".cache") if env.get("HOME") else "")
    return os.path.join(base, "dwgk") if base else None
