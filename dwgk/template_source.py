"""Where Jinja finds a template: the register's ``templates/`` first, then the shipped ones.

A register's template is register content like any other file: it is read through
:mod:`dwgk.safefs` — a regular file, never through a symlink (a committed
``templates/catalogue.md → /etc/passwd`` would otherwise print that file into a public
document), never a FIFO, within the size cap, UTF-8. Such a problem is an
:class:`UnsafeTemplate` naming the file (T004 not UTF-8, T051 not a regular file), which
``render.Renderer`` reports as cannot-run. Shipped templates are read as they are.

``source`` is what ``render`` hands to ``jinja2.FunctionLoader`` (jinja2 is imported only by
the commands that render).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Callable

from dwgk import safefs


class UnsafeTemplate(Exception):
    def __init__(self, rel: str, code: str, message: str, hint: str):
        super().__init__(message)
        self.rel, self.code, self.message, self.hint = rel, code, message, hint


def source(root: Path | None, folder: str, shipped: Path, name: str) -> tuple[str, str, Callable[[], bool]] | None:
    """(text, file name, up-to-date check) of template ``name``, or None if there is none."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts or posixpath.isabs(name):
        return None
    rel = "/".join(parts)
    if root is not None:
        try:
            text = safefs.read_in(root, f"{folder}/{rel}")
        except safefs.Missing:
            pass  # not overridden: the shipped one
        except safefs.Unsafe as u:
            raise UnsafeTemplate(u.rel, "T051", u.message, "删除它，或换成普通文件；删除后使用内置模板。") from None
        except UnicodeDecodeError:
            raise UnsafeTemplate(f"{folder}/{rel}", "T004", "不是 UTF-8 编码",
                                 "用文本编辑器以 UTF-8 编码另存该模板后重试。") from None
        else:
            return text, str(Path(root) / folder / rel), lambda: True
    path = shipped.joinpath(*parts)
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8"), str(path), lambda: True
