"""The cli's half of :func:`dwgk.public.view`: the approved revisions of items edited after
approval, read from git (nothing below the cli touches git), and the warnings on stderr."""

from __future__ import annotations

from pathlib import Path

from dwgk.cli.context import err


def public_view(reg, audience: str):
    """The register as ``audience`` (社会 / 党内) may see it, each item as it was approved."""
    from dwgk import gitlog, public
    shown = public.view(reg, audience,
                        lambda item: public.approved_revision(item, gitlog.versions(Path(reg.root), item.path)))
    for w in shown.warnings():
        err(f"警告: {w}")
    return shown
