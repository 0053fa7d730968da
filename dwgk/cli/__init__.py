"""The command line. ``main`` is the console script."""

import os
import sys


def interrupted() -> None:
    """Ctrl-C: a short Chinese line instead of a traceback. A command that was writing has put
    the old files back (``writer.Transaction``) before this runs."""
    sys.stderr.write("dwgk: 已中断（Ctrl-C）。未完成的修改已撤回；可用 git status 确认登记簿状态。\n")
    from dwgk.diag import ExitCode  # not at the top: nothing is imported before main's try
    sys.exit(int(ExitCode.INTERRUPTED))


def main() -> None:
    if sys.argv[1:] == ["--version"]:  # what typer would print, without importing it
        from dwgk import __version__
        sys.stdout.write(f"dwgk {__version__}\n")
        return
    if len(sys.argv) > 1 and sys.argv[1] == "__complete":  # shell completion: fast, without typer
        from dwgk.cli.complete import main as complete
        sys.exit(complete(sys.argv[2:]))
    if os.environ.get("DWGK_PROFILE"):  # python -m dwgk.bench run --profile: phases on stderr
        profile()
    if sys.argv[1:] in (["--help"], ["-h"]):  # the text the last run printed, if still the same
        from dwgk.cli import helpcache
        text = helpcache.kept(os.environ)
        if text is not None:
            sys.stdout.write(text)
            return
        tee = sys.stdout = helpcache.Tee(sys.stdout)
        try:
            start()
        except SystemExit as e:
            if e.code in (0, None):
                helpcache.keep(os.environ, tee.getvalue())
            raise
        finally:
            sys.stdout = tee.stream
    start()


def start() -> None:
    from dwgk import phases
    # A Ctrl-C while the program is still starting (importing typer) ends as quietly as one
    # during a command.
    try:
        with phases.span("imports"):
            from dwgk.cli.app import main as run
    except KeyboardInterrupt:
        interrupted()
    run()


def profile() -> None:
    """Time the phases (``dwgk.phases``) and print them on stderr when the process ends."""
    import atexit
    from dwgk import phases
    phases.enable()

    def show():
        sys.stderr.write("".join(f"dwgk-profile\t{name}\t{seconds:.6f}\n" for name, seconds in phases.report()))
    atexit.register(show)
