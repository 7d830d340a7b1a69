# hangtime's startup hook: lets the engine ask any Python process of a run for its stacks.
# On SIGSTKFLT faulthandler writes every thread's stack (async-signal-safe C, works even when
# the main thread is stuck in C code) into stacks-dir/py-PID.txt; a Python-level handler then
# writes py-PID.threads (ident, native id, the thread it joins, name) so stacks get names.
# It prints nothing and leaves fds 0..899, sys.path and the snippet's modules as they were.
import os
import sys


def _hangtime_install():
    import faulthandler
    import signal

    stacks = os.environ.get("HANGTIME_STACKS_DIR")
    # SIGSTKFLT: a signal Linux defines and never sends, that no program answers. SIGUSR2, which
    # servers use to reload or reopen logs, made programs with a handler of their own act on it.
    if not stacks or not hasattr(signal, "SIGSTKFLT"):
        return
    sig = signal.SIGSTKFLT
    state = {"fd": -1}

    def open_for_this_process():
        import fcntl
        path = os.path.join(stacks, "py-%d.txt" % os.getpid())
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        # Far above the fds a snippet opens, so its own fd numbers are the ones it would get.
        high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 900)
        os.close(fd)
        if state["fd"] >= 0:
            os.close(state["fd"])
        state["fd"] = high

    def joined(frame, threading):
        # The native id of the thread this one waits for in Thread.join(), if it is joining one.
        while frame is not None:
            target = frame.f_locals.get("self") if frame.f_code.co_name == "join" else None
            if isinstance(target, threading.Thread):
                return target.native_id or 0
            frame = frame.f_back
        return 0

    def native(t, threading):
        # The thread running this handler is asked the kernel directly: after a bare os.fork(),
        # Python 3.11 leaves the child's Thread.native_id at the forking thread's id in the parent.
        return threading.get_native_id() if t is threading.current_thread() else (t.native_id or 0)

    def names(signum, frame):
        import threading
        path = os.path.join(stacks, "py-%d.threads" % os.getpid())
        frames = sys._current_frames()
        lines = ["%d %d %d %s" % (t.ident or 0, native(t, threading), joined(frames.get(t.ident), threading), t.name)
                 for t in threading.enumerate()]
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            f.write("\n".join(lines) + "\n")
        os.rename(tmp, path)

    def rearm():
        # A forked child keeps both handlers; only faulthandler's file must become its own.
        open_for_this_process()
        faulthandler.register(sig, file=state["fd"], all_threads=True, chain=True)
        # The forking thread is the child's only thread: its native id is now the child's pid
        # (3.11 keeps the parent's; multiprocessing resets it, a bare os.fork() does not).
        threading = sys.modules.get("threading")
        try:
            if threading is not None and hasattr(threading.current_thread(), "_native_id"):
                threading.current_thread()._native_id = threading.get_native_id()
        except Exception:
            pass

    def note_alarms():
        # A pending alarm() does not show in /proc, and one whose SIGALRM is not caught ends the
        # process: the wait-for analysis must know of it. alarm() and setitimer(ITIMER_REAL) leave
        # their deadline (CLOCK_MONOTONIC, ns; 0: none) in stacks-dir/alarm-PID.
        import time

        def note(seconds, interval=0.0):
            deadline = time.monotonic_ns() + int(seconds * 1e9) if seconds > 0 else 0
            path = os.path.join(stacks, "alarm-%d" % os.getpid())
            try:
                with open(path + ".tmp", "w") as f:
                    f.write("%d %d\n" % (deadline, int(interval * 1e9)))
                os.rename(path + ".tmp", path)
            except OSError:
                pass

        alarm, setitimer = signal.alarm, signal.setitimer

        def hooked_alarm(seconds):
            left = alarm(seconds)
            note(seconds)
            return left

        def hooked_setitimer(which, seconds, interval=0.0):
            old = setitimer(which, seconds, interval)
            if which == signal.ITIMER_REAL:
                note(seconds, interval)
            return old

        signal.alarm, signal.setitimer = hooked_alarm, hooked_setitimer

    try:
        note_alarms()
    except Exception:
        pass

    try:
        open_for_this_process()
        # The Python handler first, then faulthandler chained in front of it.
        signal.signal(sig, names)
        faulthandler.register(sig, file=state["fd"], all_threads=True, chain=True)
        os.register_at_fork(after_in_child=rearm)
    except Exception:
        pass


_hangtime_install()
del _hangtime_install

# Step aside: take this directory off sys.path and load the sitecustomize it shadowed, if any.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]
_self = sys.modules.pop("sitecustomize")
try:
    import sitecustomize  # noqa: F401  (the next one on sys.path)
except Exception:
    pass
finally:
    # The import system reads this entry back when this file has run.
    sys.modules.setdefault("sitecustomize", _self)
del _here, _self
