"""Run a converter so that it dies with the process that asked for it.

    python -I supervise.py PARENT_PID -- soffice --headless --convert-to ...

LibreOffice is a tree, not a process: ``soffice`` is a script that execs ``oosplash``,
which forks ``soffice.bin``. The kernel's parent-death signal (``PR_SET_PDEATHSIG``)
reaches only a direct child and is not inherited, so set on ``soffice`` it would kill
``oosplash`` and leave ``soffice.bin`` running for ever. This supervisor is that direct
child instead: it leads the converter's process group, asks for SIGTERM when its parent
(the extracting worker) dies, whatever killed it (``kill -9`` of the run included), and
then kills its whole group, the converter's every process with it.

The timeout is enforced by the parent (extract/office/convert.py), which kills this group
when the converter overruns: the supervisor only carries the parent's death down the
tree. It imports the standard library only and runs with ``-I``, so it starts in a few
milliseconds and never depends on the project being importable.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys

PR_SET_PDEATHSIG = 1


def _kill_group(signum: int = 0, frame: object = None) -> None:
    """SIGKILL this process group: the converter's processes and this supervisor."""
    os.killpg(os.getpgid(0), signal.SIGKILL)


def _ask_for_parent_death_signal() -> None:
    if not sys.platform.startswith("linux"):
        return  # elsewhere the caller's timeout and process-group kill still apply
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def main(argv: list[str]) -> int:
    parent, separator, *command = argv
    if separator != "--" or not command:
        print("usage: supervise.py PARENT_PID -- COMMAND...", file=sys.stderr)
        return 2
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, _kill_group)
    _ask_for_parent_death_signal()
    if os.getppid() != int(parent):
        _kill_group()  # the parent died before the signal was asked for
    try:
        return subprocess.call(command, stdin=subprocess.DEVNULL)
    except OSError as error:
        print(f"cannot start {command[0]}: {error.strerror}", file=sys.stderr)
        return 127


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
