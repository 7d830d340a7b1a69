"""The sheet, applied: start report.py (the hang of this chapter) under
`python3 -X faulthandler`, wait until the tool is stuck, then ask the questions
of the chapter's sheet with the commands a reader would type, and print what
each one answers. Last, kill the parent with SIGABRT, so that faulthandler
prints where every thread of it was, and watch the tool go too.

Process ids change from run to run, so they are printed as the roles they play
(PARENT, TOOL); ls -l's permission, owner and date columns are left out, and so
are descriptors from 900 up: under this book's engine, those are its own (the
hook that lets it take a Python stack), not the program's.
"""
import os
import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from pipewatch import thread_waits  # noqa: E402

HERE = Path(__file__).resolve().parent


def no_core_dumps():
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # SIGABRT must not leave a core file


def tool_of(parent):
    """The tool: the one child of the parent, once it exists."""
    while True:
        kids = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        if kids:
            return int(kids[0])
        time.sleep(0.002)


def gone(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] == "Z"
    except (FileNotFoundError, ProcessLookupError):
        return True


# region look
def run(command, roles):
    """Run a command of the sheet, print it and its answer, pids as their roles."""
    shown = command
    for pid, role in roles.items():
        shown = re.sub(rf"\b{pid}\b", role.upper(), shown)
    print(f"$ {shown}")
    out = subprocess.run(command, shell=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if command.startswith("ls -l"):
            line = " ".join(line.split()[8:])  # "3 -> pipe:[…]": the fd and what it is
            if line and int(line.split()[0]) >= 900:  # the engine's, not the program's
                continue
        for pid, role in roles.items():
            line = re.sub(rf"\b{pid}\b", role.upper(), line)
        if command.startswith("ps"):  # the columns again, now that pids are words
            line = "{:>7} {:>7} {:<4} {:>8} {:<16} {}".format(*line.split())
        if line:
            print(f"  {line}")


def look(parent, tool):
    roles = {parent: "parent", tool: "tool"}
    run(f"ps -Lo pid,tid,stat,time,wchan:32,comm -p {parent},{tool}", roles)
    run(f"grep . /proc/{parent}/task/*/wchan /proc/{tool}/task/*/wchan", roles)
    run(f"ls -l /proc/{parent}/fd", roles)
    run(f"ls -l /proc/{tool}/fd", roles)
    run(f"cut -d' ' -f1,2,4 /proc/{tool}/task/{tool}/syscall", roles)
# endregion


def main():
    program = subprocess.Popen([sys.executable, "-X", "faulthandler", str(HERE / "report.py")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               preexec_fn=no_core_dumps)
    parent = program.pid
    tool = tool_of(parent)
    while not any("pipe_write" in w for w in thread_waits(tool).values()):  # stuck: not before
        time.sleep(0.002)
    while "0" in thread_waits(parent).values():  # the parent asleep too
        time.sleep(0.002)
    look(parent, tool)

    # region abort
    print("$ kill -ABRT PARENT        # it runs under python3 -X faulthandler")
    os.kill(parent, signal.SIGABRT)
    program.wait()
    errors = program.stderr.read()  # the parent's last words, and the tool's
    # endregion
    deadline = time.monotonic() + 10
    while not gone(tool) and time.monotonic() < deadline:
        time.sleep(0.002)
    if not gone(tool):  # never seen here; it is still ours (the child of our child): end it
        os.kill(tool, signal.SIGKILL)
    in_trace = False
    for line in errors.splitlines():
        if line.startswith("Fatal Python error") or line.startswith("Current thread"):
            in_trace = True
            print("  " + re.sub(r"0x[0-9a-f]+", "0x…", line))
        elif in_trace and line.startswith("  File"):
            print("  " + re.sub(r'"(/[^"]*/)?([^"/]+)"', r"\2", line))
        elif in_trace and line.strip():
            in_trace = False
    print(f"the parent died of {signal.Signals(-program.returncode).name}; "
          f"the tool {'is gone too' if gone(tool) else 'is still there'}")
    said = [line for line in errors.splitlines() if line.startswith(("tool:", "BrokenPipe"))]
    print("tool said: " + "; ".join(said))


if __name__ == "__main__":
    main()
