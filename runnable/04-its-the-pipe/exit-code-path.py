"""Where, in Python's own code, does Bob's child get stuck on its way out?

Read the lines from the multiprocessing package of the interpreter running this
script (not from a copy, not from memory): inspect finds each function, and a
search inside it finds the line. In the order a child runs them: the first
put() starts the feeder thread and registers, for exit, a finalizer that joins
it; the feeder writes into the pipe; when the child's target returns, the
process runs its exit function, which runs the finalizers, and one of them
joins the feeder thread, which is stuck in that write.
"""
import inspect
import multiprocessing.connection as connection
import multiprocessing.popen_fork as popen_fork
import multiprocessing.process as process
import multiprocessing.queues as queues
import multiprocessing.util as util
import os
import sys
import sysconfig
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from publish import publish  # noqa: E402

STDLIB = sysconfig.get_paths()["stdlib"]

# region steps
STEPS = [  # (name, what it does, where: (function, the line's start[, only after a line so]), ...)
    ("start", "the first put() starts the feeder thread",
     [(queues.Queue.put, "self._start_thread()")]),
    ("register", "and registers, for exit, a finalizer that joins it",
     [(queues.Queue._start_thread, "self._jointhread = Finalize(")]),
    ("feed", "the feeder thread takes the queue's write lock and sends the pickled message",
     [(queues.Queue._feed, "send_bytes(obj)", "wacquire()")]),
    ("payload", "a large message: the 4-byte length, then the payload in a write of its own",
     [(connection.Connection._send_bytes, "self._send(buf)", 'header = struct.pack("!i", n)')]),
    ("write", "the write into the pipe: here the feeder thread sleeps, for good",
     [(connection.Connection._send, "n = write(self._handle, buf)")]),
    ("exit", "the child's target has returned: run the exit function",
     [(process.BaseProcess._bootstrap, "util._exit_function()"),  # up to 3.12
      (popen_fork.Popen._launch, "atexit.register(util._exit_function)")]),  # 3.13: at exit
    ("finalizers", "which runs the remaining finalizers, negative priorities included",
     [(util._exit_function, "_run_finalizers()")]),
    ("call", "one by one",
     [(util._run_finalizers, "finalizer()")]),
    ("callback", "a finalizer calls its function",
     [(util.Finalize.__call__, "res = self._callback(")]),
    ("join", "the queue's: join the feeder thread, which never returns",
     [(queues.Queue._finalize_join, "thread.join()")]),
]
# endregion


# region find
def find(function, start, after=None):
    """(file relative to the stdlib, first line number, the statement's lines)
    for the first statement in `function` that starts with `start` (and comes
    after a line starting with `after`, if given)."""
    lines, first = inspect.getsourcelines(function)
    path = os.path.relpath(inspect.getsourcefile(function), STDLIB)
    searching = after is None
    for i, line in enumerate(lines):
        if not searching:
            searching = line.strip().startswith(after)
        elif line.strip().startswith(start):
            statement = [line]
            while statement_open(statement):  # a call over several lines
                i += 1
                statement.append(lines[i])
            return path, first + i + 1 - len(statement), [s.rstrip() for s in statement]
    return None


def statement_open(lines):
    text = "".join(lines)
    return text.count("(") > text.count(")")
# endregion


def main():
    print(f"Python {sys.version}")
    print(f"standard library: {STDLIB}\n")
    rows = []
    for n, (name, what, places) in enumerate(STEPS, 1):
        print(f"{n}. {what}")
        for function, *search in places:
            found = find(function, *search)
            if found:
                break
        else:  # another Python may have moved it: say so, do not guess
            print("   not found in this Python")
            rows.append([n, what, None, None, None, None])
            continue
        path, line, code = found
        print(f"   {path}:{line}, in {function.__qualname__}")  # the page shows the code too
        indent = min(len(c) - len(c.lstrip()) for c in code)
        text = "\n".join(c[indent:] for c in code)
        rows.append([n, what, path, line, function.__qualname__, text])
        publish(f"ecp_{name}_file", path)
        publish(f"ecp_{name}_line", line)
        publish(f"ecp_{name}_code", text)
        publish(f"ecp_{name}_function", function.__qualname__)
    publish("ecp_all_found", all(row[2] for row in rows))
    publish("ecp_python", sys.version, compare="shape")
    publish("ecp_python_version", sys.version.split()[0], compare="shape")
    publish("ecp_stdlib", STDLIB, compare="shape")
    publish("ecp_table", {"columns": ["step", "what happens", "file", "line", "function", "code"],
                          "rows": rows})


if __name__ == "__main__":
    main()
