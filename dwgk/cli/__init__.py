"""The command line. ``main`` is the console script."""

import sys


def interrupted() -> None:
    """Ctrl-C: a short Chinese line instead of a traceback. A command that was writing has put
    the old files back (``writer.Transaction``) before this runs."""
    sys.stderr.write("dwgk: 已中断（Ctrl-C）。未完成的修改已撤回；可用 git status 确认登记簿状态。\n")
    from dwgk.diag import ExitCode  # not at the top: nothing is imported before main's try
    sys.exit(int(ExitCode.INTERRUPTED))


def main() -> None:
    # A Ctrl-C while the program is still starting (importing typer) ends as quietly as one
    # during a command.
    try:
        from dwgk.cli.app import main as run
    except KeyboardInterrupt:
        interrupted()
    run()
