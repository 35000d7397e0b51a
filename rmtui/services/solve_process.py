"""The week search in a child process, for the app: the interface keeps the CPU
(and Python's lock) to itself while it runs, and a cancel stops it at once.

``WeekSolveProcess(cancelled=..., started=...)`` is a ``solve`` callable for
``rmtui.services.planning.build_week``: it starts a fresh interpreter (the
"spawn" start method: never a fork of a process that has threads), hands it
the ``WeekProblem``, and waits for the ``WeekResult``, looking at
``cancelled()`` every few hundredths of a second. When that says so, the
child is terminated and ``SolveCancelled`` is raised; nothing has been
written by then (``build_week`` writes after the solve, in one transaction).
``started(time_limit)`` is called once the child has begun searching, so a
progress display can show the elapsed time against the limit.

The command line keeps solving in its own process (nothing to share the CPU
with). ``multiprocessing`` is imported only when a build starts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from rmtui.errors import UserError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from rmtui.routing.week import WeekProblem, WeekResult

POLL_SECONDS = 0.05
"""How often the waiting thread looks at ``cancelled()``: a cancel stops the child within this."""

STOP_SECONDS = 1.0
"""How long a terminated child gets to exit before it is killed."""

NICENESS = 10
"""How much lower the search's priority is than the app's (Unix ``nice``)."""

_TRACKER_LOCK = threading.Lock()


class _NoFileno:
    """``sys.stderr`` as it is, except that it says it has no file descriptor."""

    def __init__(self, stream: object) -> None:
        self._stream = stream

    def fileno(self) -> int:
        raise OSError("no file descriptor")

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (every spawned child needs it) if it is not running.

    It hands the tracker ``sys.stderr.fileno()`` unless that raises; Textual's captured stderr
    answers -1 instead, which makes starting a process fail ("bad value(s) in fds_to_keep"). The
    tracker is started once, with a stderr that has no descriptor (writes still go where they went).
    """
    import sys
    from multiprocessing import resource_tracker

    with _TRACKER_LOCK:
        stream = sys.stderr
        try:
            stream.fileno()
        except (OSError, AttributeError, ValueError):
            resource_tracker.ensure_running()
            return
        if stream.fileno() >= 0:
            resource_tracker.ensure_running()
            return
        sys.stderr = _NoFileno(stream)
        try:
            resource_tracker.ensure_running()
        finally:
            if sys.stderr.__class__ is _NoFileno:
                sys.stderr = stream


class SolverFailed(UserError):
    """The week search failed or its process died; nothing was written."""


def _watch_parent(parent_pid: int) -> None:
    """In the child: exit when the app that started it is gone (killed without a chance to stop us)."""
    import os
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os._exit(3)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _quiet() -> None:
    """In the child: nothing on the terminal (the app draws there); warnings and errors go to /dev/null
    (an error is sent back to the app)."""
    import os

    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)


def _lower_priority(pid: int) -> None:
    """A lower priority for the child (from its very start, imports included), so that the app
    (reading keys, drawing) runs first whenever it needs the CPU; the search takes what is left,
    which is nearly all of it."""
    import os

    try:
        os.setpriority(os.PRIO_PROCESS, pid, min(19, os.getpriority(os.PRIO_PROCESS, 0) + NICENESS))
    except (AttributeError, OSError):
        pass  # not on this system, or not allowed: same priority


def _child(conn: Connection, problem: WeekProblem, time_limit: float, parent_pid: int) -> None:
    """The child's work: solve and send back ("started", limit), then ("result", r) or ("error", text)."""
    try:
        _quiet()
        _watch_parent(parent_pid)
        from rmtui.routing.week import solve_week

        conn.send(("started", time_limit))
        conn.send(("result", solve_week(problem, time_limit=time_limit)))
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the app as text
        import traceback

        try:
            conn.send(("error", "".join(traceback.format_exception_only(type(exc), exc)).strip()))
        except OSError:
            pass  # the app is gone or stopped waiting
    finally:
        conn.close()


class WeekSolveProcess:
    """``solve(problem, time_limit) -> WeekResult`` in a child process, stopped on ``cancelled()``."""

    def __init__(self, cancelled: Callable[[], bool] = lambda: False,
                 started: Callable[[float], None] | None = None) -> None:
        self.cancelled = cancelled
        self.started = started
        self.process: BaseProcess | None = None
        """The child of the current (or last) solve: tests look at it."""

    def __call__(self, problem: WeekProblem, time_limit: float) -> WeekResult:
        import multiprocessing
        import os

        from rmtui.services.plan_day import SolveCancelled

        if self.cancelled():
            raise SolveCancelled
        _start_resource_tracker()
        ctx = multiprocessing.get_context("spawn")
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(send, problem, time_limit, os.getpid()),
                           name="rmtui-week-search", daemon=True)
        self.process = proc
        try:
            try:
                proc.start()
            except (OSError, RuntimeError) as exc:
                raise SolverFailed(f"the week search could not be started ({exc}); nothing was written",
                                   title="Plan") from exc
            _lower_priority(proc.pid)
            send.close()  # the child holds its own end: reading ours ends when it is gone
            while True:
                if self.cancelled():
                    raise SolveCancelled
                if not receive.poll(POLL_SECONDS):
                    continue
                try:
                    kind, value = receive.recv()
                except EOFError:
                    proc.join(STOP_SECONDS)
                    raise SolverFailed(f"the week search stopped unexpectedly (exit code {proc.exitcode}); "
                                       "nothing was written; build again", title="Plan") from None
                if kind == "started":
                    if self.started is not None:
                        self.started(value)
                elif kind == "result":
                    proc.join(STOP_SECONDS)  # it is closing its end: let it exit on its own
                    return value
                else:
                    proc.join(STOP_SECONDS)
                    raise SolverFailed(f"the week search failed: {value}; nothing was written", title="Plan")
        finally:
            send.close()
            receive.close()
            stop(proc)


def stop(proc: BaseProcess) -> None:
    """End ``proc`` if it still runs (terminate, then kill) and wait for it."""
    if proc.pid is None:
        return  # never started
    if proc.exitcode is None:
        proc.terminate()
        proc.join(STOP_SECONDS)
    if proc.exitcode is None:
        proc.kill()
        proc.join()
