"""Diagnostics, refusals and exit codes: one format for every finding.

Findings are values (``Diagnostic``); a refused command raises ``Refused`` carrying
them. Only the cli turns these into text and exit codes.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # findings, or a refused command: the user must fix something
    USAGE = 2
    CANNOT_RUN = 3  # no register, broken dwgk.yaml, missing template
    INTERRUPTED = 130  # Ctrl-C: the shell's code for a program ended by SIGINT


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str = ""
    severity: str = "error"  # "error" | "warning"

    def format(self) -> str:
        loc = self.path or "<登记簿>"
        if self.line:
            loc = f"{loc}:{self.line}:{self.col or 1}"
        text = f"{loc}: {self.severity}[{self.code}] {self.message}"
        if self.hint:
            text += f"\n  提示: {self.hint}"
        return text

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def diag(code: str, message: str, hint: str = "", path: str = "", line: int = 0,
         col: int = 0, severity: str = "error") -> Diagnostic:
    return Diagnostic(path=path, line=line, col=col, code=code, message=message,
                      hint=hint, severity=severity)


@dataclass
class Refused(Exception):
    """A command that may not go ahead. Nothing has been written when it is raised."""

    message: str
    hint: str = ""
    code: str = "E001"
    exit_code: ExitCode = ExitCode.FINDINGS
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


class CannotRun(Refused):
    """No register, broken config, missing template: exit 3."""

    def __init__(self, message: str, hint: str = "", code: str = "E003",
                 diagnostics: list[Diagnostic] | None = None):
        super().__init__(message, hint, code, ExitCode.CANNOT_RUN, diagnostics or [])


def summary(diags: list[Diagnostic]) -> str:
    errors = sum(1 for d in diags if d.severity == "error")
    warnings = len(diags) - errors
    if not diags:
        return "检查通过：未发现问题。"
    return f"共发现 {errors} 个错误、{warnings} 个警告。"


_OS_REASONS = {"ENOENT": "文件或目录不存在", "EACCES": "没有访问权限", "EPERM": "没有访问权限",
               "EISDIR": "这是一个目录，不是文件", "ENOTDIR": "路径中有一段不是目录",
               "EROFS": "文件系统只读", "ENOSPC": "磁盘空间已满", "EEXIST": "已存在",
               "ENAMETOOLONG": "文件名太长"}


def os_reason(e: OSError) -> str:
    """The Chinese reason for an operating-system error (the OS's own text is English)."""
    name = errno.errorcode.get(e.errno or 0, "")
    return _OS_REASONS.get(name) or (f"系统错误 {name}" if name else "系统错误")
