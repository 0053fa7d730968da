"""Terminal text helpers that count a CJK character as two columns."""

from __future__ import annotations

from dwgk.textwidth import width


def fit(s: str, cols: int) -> str:
    """Cut to ``cols`` display columns (with …) and pad to exactly that width."""
    if width(s) > cols:
        out, w = "", 0
        for ch in s:
            cw = width(ch)
            if w + cw > cols - 1:
                break
            out, w = out + ch, w + cw
        s = out + "…"
    return s + " " * (cols - width(s))


def wrap(s: str, cols: int = 80, indent: str = "") -> list[str]:
    """Break ``s`` into lines of at most ``cols`` display columns. A line ends after a “，”
    “、”“；” (or else a space) in its second half where there is one; otherwise at any character
    boundary (CJK text has no spaces), keeping ASCII words and numbers whole where they fit
    and never starting a line with closing punctuation. Continuation lines start with
    ``indent``."""
    import re
    lines: list[str] = []
    line: list[str] = []  # the tokens of the current line
    widths: list[int] = []  # and their widths (``wide``: their sum), kept as the line grows
    wide = 0
    for tok in re.findall(_TOKENS, s):
        tw = width(tok)
        if wide + (width(tok.rstrip()) if tok[-1].isspace() else tw) > cols and "".join(line).strip():
            cut = _break_after(line, widths, wide, cols)
            if cut is None:
                cut = len(line) - 1 if tok in _NO_LINE_START and len(line) > 2 else len(line)
            lines.append("".join(line[:cut]).rstrip())
            line, widths = [indent, *line[cut:]], [width(indent), *widths[cut:]]
            wide = sum(widths)
            if len(line) == 1:
                tok = tok.lstrip()
                tw = width(tok)
        line.append(tok)
        widths.append(tw)
        wide += tw
    if "".join(line).strip():
        lines.append("".join(line).rstrip())
    return lines


def _break_after(line: list[str], widths: list[int], wide: int, cols: int) -> int | None:
    """Where to end ``line`` (its tokens' ``widths`` add up to ``wide``): after its last “，”“、”
    “；”, else after its last space, if that is past the line's middle."""
    for good in (lambda t: t in _BREAK_AFTER, lambda t: t.endswith(" ")):
        w = wide
        for i in range(len(line) - 1, 0, -1):
            w -= widths[i]
            if w < cols // 2:
                break
            if good(line[i - 1]):
                return i
    return None


_BREAK_AFTER = set("，、；：。/")
# A dwgk command with its subcommands and options ("dwgk request lapse --by") is one token,
# so a hint never breaks inside a command; other ASCII words and numbers stay whole too.
_TOKENS = r"dwgk(?: (?:--?)?[A-Za-z][A-Za-z0-9_-]*)+ ?|[A-Za-z0-9_.:/\-]+ ?|."
_NO_LINE_START = set("），。、；：！？”’」』》")
