"""Child processes die with their parent: pool workers, dbt and any other child.

On Linux, `prctl(PR_SET_PDEATHSIG, SIGKILL)` makes the kernel kill the child when the
thread that started it dies, whatever killed the parent (a SIGKILL included, which no
Python handler sees). A child whose parent is already gone by the time it runs this
exits at once. Elsewhere this is a no-op: the process group still lets a supervisor
kill the whole run.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
from collections.abc import Callable
from functools import partial

PR_SET_PDEATHSIG = 1


def _prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None
    prctl: Callable[..., int] = libc.prctl
    return prctl


def die_with_parent(parent_pid: int | None = None) -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (a pool initializer
    or a `preexec_fn`); exit now if the parent `parent_pid` is gone already."""
    prctl = _prctl()
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)  # the parent died between fork and prctl: nobody will read our result


def dies_with_this_process() -> Callable[[], None]:
    """A `preexec_fn` (or pool initializer) binding the child's life to this process."""
    return partial(die_with_parent, os.getpid())
