"""Where Jinja finds a template: the register's ``templates/`` first, then the shipped ones.

A register's template is register content like any other file: it is read through
:mod:`dwgk.safefs` — a regular file, never through a symlink (a committed
``templates/catalogue.md → /etc/passwd`` would otherwise print that file into a public
document), never a FIFO, within the size cap, UTF-8. Such a problem is an
:class:`UnsafeTemplate` naming the file (T004 not UTF-8, T051 not a regular file), which
``render.Renderer`` reports as cannot-run. Shipped templates are read as they are.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from dwgk import safefs


class UnsafeTemplate(Exception):
    def __init__(self, rel: str, code: str, message: str, hint: str):
        super().__init__(message)
        self.rel, self.code, self.message, self.hint = rel, code, message, hint


class TemplateSource(jinja2.BaseLoader):
    def __init__(self, root: Path | None, folder: str, shipped: Path):
        self.root, self.folder = root, folder
        self.shipped = jinja2.FileSystemLoader(str(shipped), encoding="utf-8")

    def get_source(self, environment, template: str):
        if self.root is not None:
            rel = f"{self.folder}/" + "/".join(split_template_path(template))  # refuses ".."
            try:
                text = safefs.read_in(self.root, rel)
            except safefs.Missing:
                pass  # not overridden: the shipped one
            except safefs.Unsafe as u:
                raise UnsafeTemplate(u.rel, "T051", u.message, "删除它，或换成普通文件；删除后使用内置模板。") from None
            except UnicodeDecodeError:
                raise UnsafeTemplate(rel, "T004", "不是 UTF-8 编码", "用文本编辑器以 UTF-8 编码另存该模板后重试。") from None
            else:
                return text, str(self.root / rel), lambda: True
        return self.shipped.get_source(environment, template)

    def list_templates(self):
        return self.shipped.list_templates()
