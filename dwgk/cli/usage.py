"""click's own words in Chinese: usage errors (told at the boundary in ``app.py``) and the
built-in parts of ``--help`` (the help option, section titles, the usage line).

click keeps these strings in English and offers no setting for them, so the few it prints
are translated here, in the one place the cli renders them.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import typer

_CLICK = sys.modules[typer.BadParameter.__module__]
_BASE = _CLICK.__name__.rsplit(".", 1)[0]  # "click" or "typer._click"

HELP_OPTION = "显示本帮助并退出"
_WORDS = {"Options": "选项", "Arguments": "参数", "Commands": "命令", "required": "必填",
          "default: {default}": "默认：{default}", "env var: {var}": "环境变量：{var}",
          "(dynamic)": "（动态）", "Aborted!": "已中止。", "Missing command.": "缺少子命令。"}


def _zh(text: str) -> str:
    return _WORDS.get(text, text)


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _opts(param: Any) -> str:
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "argument":
        return f"参数“{param.metavar or param.name}”"
    return "选项 " + "/".join(getattr(param, "opts", ()) or [str(param.name)])


# English detail of a bad value (click's, typer's or pydantic's: "valid int" / "valid integer") → Chinese.
_VALUE_WORDS = (("valid int", "须为整数"), ("valid number", "须为数字"), ("valid float", "须为数字"),
                ("valid boolean", "须为 true 或 false"), ("does not exist", "不存在"),
                ("is a directory", "是目录，不是文件"), ("is a file", "是文件，不是目录"),
                ("not readable", "不可读"), ("is not one of", "不在可选值中"))


def message(e: Exception) -> str:
    """What the user got wrong, in Chinese."""
    c = _CLICK
    text = e.format_message() if hasattr(e, "format_message") else str(e)
    if isinstance(e, c.MissingParameter):
        return f"缺少{_opts(e.param) or '必填参数'}"
    if isinstance(e, c.NoSuchOption):
        also = sorted(e.possibilities or ())
        return f"没有选项 {e.option_name}" + (f"（是否想用：{'、'.join(also)}）" if also else "")
    if isinstance(e, c.BadOptionUsage):
        if "requires" in e.message:
            return f"选项 {e.option_name} 后面须写一个值"
        if "does not take a value" in e.message:
            return f"选项 {e.option_name} 不接受值"
    if isinstance(e, c.BadParameter):
        detail = e.message if _cjk(e.message) else next(
            (zh for key, zh in _VALUE_WORDS if key in e.message), "格式不对")
        where = _opts(e.param) if e.param is not None else (
            f"选项 {e.param_hint}" if isinstance(e.param_hint, str) else "")
        return f"{where} 的值无效：{detail}" if where else f"值无效：{detail}"
    m = re.match(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)", text)
    if m:
        return f"多余的参数：{m.group(1)}（含空格的值请用引号括起来）"
    m = re.match(r"No such command '(.*?)'\.(?: Did you mean (.*)\?)?", text)
    if m:
        also = "、".join(w.strip(" '\"") for w in (m.group(2) or "").split(",") if w.strip(" '\""))
        return f"没有命令“{m.group(1)}”" + (f"（是否想用：{also}）" if also else "")
    if text.startswith("Missing command"):
        return "缺少子命令"
    return text if _cjk(text) else f"命令行用法有误（{text}）"


def explain(e: Exception, fallback: str = "dwgk") -> str:
    ctx = getattr(e, "ctx", None)
    path = ctx.command_path if ctx is not None else fallback
    path = " ".join(["dwgk", *path.split()[1:]])  # whatever name the program was started under
    return f"dwgk: 用法错误：{message(e)}\n  提示: 运行 {path} --help 查看用法。"


def localise(cmd: Any) -> Any:
    """The usage line of ``cmd`` in Chinese: ``用法：dwgk review [选项] 事项编号``."""
    if getattr(cmd, "options_metavar", None) == "[OPTIONS]":
        cmd.options_metavar = "[选项]"
    if getattr(cmd, "subcommand_metavar", None) == "COMMAND [ARGS]...":
        cmd.subcommand_metavar = "命令 [参数]..."
    return cmd


def _patch() -> None:
    """Translate the help option, section titles and usage prefix, once, where click builds them."""
    core = sys.modules.get(f"{_BASE}.core")
    formatting = sys.modules.get(f"{_BASE}.formatting")
    typer_core = sys.modules.get("typer.core")
    if typer_core is not None and hasattr(typer_core, "_"):
        typer_core._ = _zh
    argument = getattr(typer_core, "TyperArgument", None)
    if argument is not None and hasattr(argument, "display_type_rich"):
        # "编号 <str>", "[目录] <path>": Python type names say nothing to a clerk; the help says the form
        argument.display_type_rich = lambda self, ctx: ""
    command = getattr(core, "Command", None)
    if command is not None and hasattr(command, "get_help_option"):
        original = command.get_help_option

        def get_help_option(self, ctx):
            opt = original(self, ctx)
            if opt is not None:
                opt.help = HELP_OPTION
            return opt
        command.get_help_option = get_help_option
    if hasattr(formatting, "wrap_text") and hasattr(formatting, "term_len"):
        # click counts characters; a CJK character takes two columns, so help ran past 80 columns
        from dwgk.cli.textfmt import width
        strip = sys.modules[f"{_BASE}._compat"].strip_ansi
        formatting.term_len = lambda x: width(strip(x))
        formatting.wrap_text = _wrap_text
    formatter = getattr(formatting, "HelpFormatter", None)
    if formatter is not None:
        write_usage = formatter.write_usage

        def zh_usage(self, prog, args="", prefix=None):
            return write_usage(self, prog, args, "用法：" if prefix is None else prefix)
        formatter.write_usage = zh_usage


def _wrap_text(text: str, width: int = 78, initial_indent: str = "", subsequent_indent: str = "",
               preserve_paragraphs: bool = False) -> str:
    """click's ``wrap_text`` by display width (textfmt.wrap), keeping its paragraph rules:
    a blank line separates paragraphs, a paragraph's own indent is kept, and one that starts
    with a ``\\b`` line is left as it is."""
    from dwgk.cli.textfmt import wrap
    paragraphs = re.split(r"\n\s*\n", text.expandtabs()) if preserve_paragraphs else [text.expandtabs()]
    out = []
    for para in paragraphs:
        lines = para.splitlines() or [""]
        if lines[0].strip() == "\b":
            out.append("\n".join(initial_indent + line for line in lines[1:]))
            continue
        lead = " " * (len(lines[0]) - len(lines[0].lstrip())) if preserve_paragraphs else ""
        body = " ".join(line.strip() for line in lines)
        out.append("\n".join(wrap(initial_indent + lead + body, width, subsequent_indent + lead)))
    return "\n\n".join(out)


_patch()
