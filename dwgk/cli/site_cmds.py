"""``dwgk site build OUT``: the reading room (信息公开专栏) written into a folder.

``dwgk.site`` decides the files; this puts them on disk so that a failed build loses nothing:
the new site is written into a folder beside OUT and takes OUT's place only when it is whole.
OUT is replaced only when it is empty or an earlier build (it holds ``.dwgk-site``): a folder
of the clerk's own files, or one of the register's, is never overwritten.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import typer

from dwgk.cli.approved import public_view
from dwgk.cli.context import err, get, locator, one_of, out
from dwgk.cli.output import put
from dwgk.diag import Refused, os_reason


def register(app: typer.Typer, groups: dict) -> None:
    from dwgk.cli.app import Group
    site = typer.Typer(cls=Group, help="信息公开专栏：由登记簿生成可直接放到网站或内网的静态网页。",
                       no_args_is_help=True)
    site.command("build")(build)
    app.add_typer(site, name="site")


def build(
    ctx: typer.Context,
    folder: Path = typer.Argument(..., metavar="输出目录", help="专栏写到这个目录（不存在则新建；已有的须是上次生成的专栏）"),
    audience: str = typer.Option("社会", "--audience", metavar="社会|党内",
                                 help="社会（默认）：只含向社会公开、已发布的信息；党内：另含党内公开的信息"),
) -> None:
    """生成信息公开专栏：公开指南、公开目录（分类树）、每条信息一页（索引号、主题分类、发布机构、成文日期、发布日期、文号、有效性、公开方式、公开文本和附件）、年度报告和离线检索。

    所有页面不依赖网络和服务器，从本地文件打开即可浏览；同一登记簿每次生成的文件逐字节相同，可以放进 git 比较。

    公开范围只按 dwgk 的公开规则判断：部分公开的信息只含删除后的公开文本。
    """
    from dwgk import site
    from dwgk.cli.progress import progress
    from dwgk.public import AUDIENCES
    from dwgk.render import Renderer
    c = get(ctx)
    one_of(audience, AUDIENCES, "受众", "--audience")
    reg = c.view()
    dest = _destination(folder, Path(reg.root), audience)
    shown = public_view(reg, audience)
    with progress("生成专栏页面", len(shown.items)) as advance, _replacing(dest, folder) as write:
        files, notes = site.build(reg, shown, Renderer(reg.root), c.today(), locator(Path(reg.root)), write,
                                  advance)
    for note in notes:
        err(f"提示: {note}")
    pages = sum(1 for p in files if p.endswith(".html"))
    out(f"已生成{site.site_title(reg, audience)}：{folder}（{len(shown.items)} 条信息，{pages} 个页面）。"
        f"用浏览器打开 {folder / 'index.html'} 即可浏览。")


def _destination(folder: Path, root: Path, audience: str) -> Path:
    """Where the site may go, refused before anything is built (T060)."""
    real = Path(os.path.realpath(folder))
    reg = Path(os.path.realpath(root))
    if real == reg or reg.is_relative_to(real) or real.is_relative_to(reg / ".git"):
        what = "在登记簿的 .git 中" if real.is_relative_to(reg / ".git") else "包含登记簿本身"
        raise Refused(f"不能把专栏写到 {folder}：它{what}",
                      "换一个登记簿以外的目录，例如 dwgk site build ../专栏。", "T060")
    if real.is_relative_to(reg):
        top = real.relative_to(reg).parts[0]
        from dwgk.cli.output import OWN
        if top in OWN:
            raise Refused(f"不能把专栏写到 {folder}：{top} 是登记簿自己的目录",
                          "换一个目录，例如 dwgk site build ../专栏（或登记簿下新建的 site 目录）。", "T060")
    if os.path.islink(folder) and not os.path.exists(folder):
        raise Refused(f"{folder} 是指向不存在位置的符号链接", "给出一个实际的目录。", "T060")
    if os.path.lexists(real):
        if not real.is_dir():  # a link to a folder is that folder (the link is kept)
            raise Refused(f"{folder} 不是目录", "给出一个目录（不存在时会新建）。", "T060")
        try:
            listed = os.listdir(real)
        except OSError as e:
            raise Refused(f"无法读取目录 {folder}：{os_reason(e)}", "检查路径和权限。", "T040") from None
        from dwgk.site import MARK, manifest, mark_text
        if listed and MARK not in listed:
            raise Refused(f"{folder} 已有别的文件，不是 dwgk 生成的专栏，不覆盖",
                          "换一个空目录或新目录名；要更新上次生成的专栏，指向那个目录即可。", "T060")
        mark = (real / MARK).read_text(encoding="utf-8", errors="replace") if listed else ""
        if listed and not mark.startswith(mark_text(audience)):
            raise Refused(f"{folder} 是另一受众的专栏，不能用“{audience}”版覆盖",
                          "社会版和党内版各用一个目录；确要改变，先删去该目录再生成。", "T060")
        written = manifest(mark) if listed else set()
        if written is None:
            raise Refused(f"{folder} 是旧版本生成的专栏，没有记下生成了哪些文件，重新生成可能删去其中别人放入的文件，不覆盖",
                          "确认其中没有自己放入的文件后删去该目录（或换一个新目录）再生成；以后的专栏会记下文件清单。", "T060")
        added = _added(real, written)
        if added:
            shown = "、".join(added[:3]) + (f" 等 {len(added)} 个" if len(added) > 3 else "")
            raise Refused(f"{folder} 中有不是上次生成的文件（{shown}），重新生成会删去它们，不覆盖",
                          "把这些文件移到专栏目录以外（专栏每次整体重新生成），再运行一次。", "T060")
    elif not real.parent.is_dir():
        why = "不是目录" if real.parent.exists() else "不存在"
        raise Refused(f"无法写入 {folder}：上级目录 {real.parent} {why}", "先建好上级目录，或换一个输出路径。", "T040")
    return real


def _added(folder: Path, written: set[str]) -> list[str]:
    """Files, links and folders in an earlier site that its build did not write, sorted."""
    folders = {"/".join(parts[:i]) for parts in (rel.split("/")[:-1] for rel in written)
               for i in range(1, len(parts) + 1)}
    out = []
    for top, dirs, names in os.walk(folder):
        base = Path(top).relative_to(folder).as_posix()
        for name in names:
            rel = name if base == "." else f"{base}/{name}"
            if rel not in written:
                out.append(rel)
        for name in list(dirs):
            rel = name if base == "." else f"{base}/{name}"
            if os.path.islink(os.path.join(top, name)) or rel not in folders:
                out.append(rel + "/")
                dirs.remove(name)  # its contents are not ours either: named once, by the folder
    return sorted(out)


@contextmanager
def _replacing(dest: Path, shown: Path):
    """``write(rel, data)`` into a new folder beside ``dest``, put in ``dest``'s place when the
    block ends; if it fails (a refused page, a full disk, Ctrl-C), the new folder is removed
    and ``dest`` is as it was."""
    old = dest.with_name(f".dwgk-site-old-{os.getpid()}")  # short: dest's own name may be at the limit

    def unwritable(e: OSError) -> Refused:
        return Refused(f"无法写入 {shown}：{os_reason(e)}", "检查路径、磁盘空间和写入权限；原有内容未改动。", "T040")
    import tempfile
    try:  # a new folder of its own, never one a killed build left behind (its files are not this site's)
        new = Path(tempfile.mkdtemp(prefix=".dwgk-site-new-", dir=dest.parent))
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(new, 0o777 & ~mask)  # as a folder made the usual way: a web server may read it
    except OSError as e:
        raise unwritable(e) from None

    def write(rel: str, data: bytes | Iterator[bytes]) -> None:  # an iterator: written piece by piece
        path = new / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            put(path, data)
        except OSError as e:
            raise unwritable(e) from None
    try:
        yield write
        try:
            if dest.exists():
                dest.rename(old)
            new.rename(dest)
        except OSError as e:
            raise unwritable(e) from None
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        if old.exists() and not dest.exists():
            old.rename(dest)  # the earlier site back where it was
        raise
    shutil.rmtree(old, ignore_errors=True)
    if old.exists():  # the earlier edition must not stay beside a folder a web server may publish
        err(f"警告: 上次生成的专栏没能全部删除，仍在 {old}；请手工删除。")
