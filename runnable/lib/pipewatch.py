"""Small, honest tools for looking at a pipe and at who is stuck on it (Linux only).

pipe_size() and set_pipe_size() ask the kernel about one pipe with fcntl;
wait_exited_or_blocked() tells, without guessing a delay, whether a child process
ended or got stuck writing into a full pipe: it reads each thread's wait channel
(/proc/PID/task/TID/wchan), the kernel function a sleeping thread waits in.
"""
import fcntl
import os
import time

# fcntl commands from <linux/fcntl.h>; Python 3.11's fcntl module has no names for them.
F_SETPIPE_SZ = 1031
F_GETPIPE_SZ = 1032


def pipe_size(fd):
    """How many bytes the pipe behind fd holds before a writer has to wait."""
    return fcntl.fcntl(fd, F_GETPIPE_SZ)


def set_pipe_size(fd, size):
    """Ask for a bigger (or smaller) pipe; the kernel rounds up and returns the new size."""
    return fcntl.fcntl(fd, F_SETPIPE_SZ, size)


def thread_waits(pid):
    """{thread id: wait channel} for every thread of pid ('0' or '' while running)."""
    waits = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return waits
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/wchan") as f:
                waits[int(tid)] = f.read().strip()
        except (FileNotFoundError, ProcessLookupError):
            pass
    return waits


def is_blocked_writing_pipe(pid):
    """True when some thread of pid sleeps inside the kernel's pipe write."""
    return any("pipe_write" in wchan for wchan in thread_waits(pid).values())


def wait_exited_or_blocked(process, poll=0.002):
    """Wait until a multiprocessing.Process has exited ("exited") or one of its
    threads is stuck writing a full pipe ("blocked"). Nobody reads the pipe while
    we wait, so a blocked writer stays blocked: the answer does not depend on timing."""
    while True:
        if not process.is_alive():
            return "exited"
        if is_blocked_writing_pipe(process.pid):
            return "blocked"
        time.sleep(poll)
