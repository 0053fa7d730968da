"""``dwgk completion bash|zsh``: the completion script for a shell, with the command tree
(commands, options, what each takes) built from the typer app and embedded in it. The
script calls ``dwgk __complete`` (``dwgk.cli.complete``) for what depends on the register."""

from __future__ import annotations

import typer

from dwgk.cli.context import one_of, out

SHELLS = ("bash", "zsh")
# What a value is, by the metavar a command gives it (dynamic kinds are read from the register).
METAVARS = {"事项编号": "item", "申请编号": "request", "留言编号": "message", "编号": "any", "步骤": "step",
            "结论": "result", "目录编码": "entry", "形式": "channel", "范围": "scope", "部门": "department",
            "科室": "department", "文件": "file", "目录": "dir", "文件.xlsx": "file", "映射.yaml": "file"}


def register(app: typer.Typer, groups: dict | None = None) -> None:
    app.command("completion")(completion)


def completion(
    shell: str = typer.Argument(..., metavar="bash|zsh", help="为哪种 shell 生成补全脚本"),
    tree: bool = typer.Option(False, "--tree", help="只输出命令树（JSON，供测试和基准测试使用）"),
) -> None:
    """输出 shell 补全脚本：补全命令、选项、事项/申请/留言编号、步骤、结论和目录编码。

    bash：在 ~/.bashrc 中加入  eval "$(dwgk completion bash)"
    zsh： 在 ~/.zshrc 中加入   eval "$(dwgk completion zsh)"
    """
    import json  # here, not at the top: every start of dwgk imports this module
    one_of(shell, SHELLS, "shell", "bash|zsh")
    data = command_tree()
    if tree:
        out(json.dumps(data, ensure_ascii=False))
        return
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("'", "'\\''")
    out((BASH if shell == "bash" else ZSH).replace("@TREE@", text))


def _kind(param, command_path: str) -> str | None:
    """What ``param`` takes: None for a flag, "" for a free value, else a kind or choices."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    from dwgk import messages, requests
    from dwgk.vocab import STAGES
    name = (param.opts or [""])[-1]
    metavar = param.metavar or ""
    special = {"--applicant-type": requests.APPLICANT_TYPES, "--result" if command_path.startswith("request")
               else "": requests.OUTCOMES, "--channel" if command_path == "request new" else "": requests.CHANNELS,
               "--type": messages.TYPES, "--stage": STAGES if command_path == "list" else
               requests.STAGES if command_path.startswith("request") else messages.STAGES,
               "--kind" if command_path.startswith("request appeal") else "": requests.APPEAL_KINDS,
               "--method": requests.DELIVERY_METHODS}
    if name in special and name:
        return "choice:" + "|".join(special[name])
    if "|" in metavar and not metavar.startswith("YYYY"):
        return "choice:" + metavar.replace(" ", "")
    return METAVARS.get(metavar, "")


def command_tree() -> dict:
    """Every command path → its subcommands, options (option → what it takes) and arguments."""
    import typer.main

    from dwgk.cli.app import app
    from dwgk.procedure import STEP_KINDS
    root = typer.main.get_command(app)
    tree: dict = {"__results__": {k: list(v.results) for k, v in STEP_KINDS.items()}}

    def walk(cmd, path: str) -> None:
        subs = getattr(cmd, "commands", None)
        node: dict = {"cmds": [], "opts": {}, "args": []}
        for p in cmd.params:
            if p.param_type_name == "option":
                for o in p.opts:
                    node["opts"][o] = _kind(p, path)
            else:
                kind = _kind(p, path) or ""
                node["args"].append(kind + ("..." if p.nargs == -1 else ""))
        node["opts"].update({"-h": None, "--help": None})
        if subs:
            node["cmds"] = [n for n in subs if not subs[n].hidden]
            for n in node["cmds"]:
                walk(subs[n], f"{path} {n}".strip())
        tree[path] = node
    walk(root, "")
    return tree


BASH = r"""# dwgk 命令补全（bash）。在 ~/.bashrc 中加入：eval "$(dwgk completion bash)"
_DWGK_TREE='@TREE@'
_dwgk_complete() {
    local IFS=$'\n' out
    out=$(DWGK_COMPLETE_TREE="$_DWGK_TREE" DWGK_COMPLETE_CWORD=$((COMP_CWORD - 1)) \
          "${COMP_WORDS[0]}" __complete "${COMP_WORDS[@]:1}" 2>/dev/null)
    if [[ "$out" == "__files__" ]]; then
        COMPREPLY=($(compgen -f -- "${COMP_WORDS[COMP_CWORD]}"))
    else
        COMPREPLY=($(compgen -W "$out" -- "${COMP_WORDS[COMP_CWORD]}"))
    fi
}
complete -o default -F _dwgk_complete dwgk
"""

ZSH = r"""#compdef dwgk
# dwgk 命令补全（zsh）。在 ~/.zshrc 中加入：eval "$(dwgk completion zsh)"
_DWGK_TREE='@TREE@'
_dwgk() {
    local -a out
    out=("${(@f)$(DWGK_COMPLETE_TREE="$_DWGK_TREE" DWGK_COMPLETE_CWORD=$((CURRENT - 2)) \
          ${words[1]} __complete "${(@)words[2,-1]}" 2>/dev/null)}")
    if [[ "${out[1]}" == "__files__" ]]; then
        _files
    else
        compadd -a out
    fi
}
if (( $+functions[compdef] )); then
    compdef _dwgk dwgk
else
    autoload -Uz compinit && compinit && compdef _dwgk dwgk
fi
"""
