"""Does Bob's program hang the same way whatever way Python starts the child?

multiprocessing has up to three start methods: fork (copy this process), spawn
(start a fresh interpreter) and forkserver (ask a small server process, started
once, to fork a clean copy of itself). Python 3.14 makes forkserver the default
on Linux. This script runs Bob's program once under each method this Python
offers, as a process tree of its own, and judges each tree without a timer:
it has hung once a thread of it sleeps in the kernel's pipe write (nobody in
Bob's program ever reads the queue, so that thread can never wake up).
Then it lists the tree's processes, and kills the whole tree.
"""
import multiprocessing as mp
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from publish import publish  # noqa: E402

MESSAGE_CHARS = 105_656  # Bob's string


# region bob
def worker(queue):
    queue.put("1" * MESSAGE_CHARS, block=False)
    print("worker ended")


def bob(method):
    mp.set_start_method(method)  # the only change to Bob's program
    queue = mp.Queue()
    child = mp.Process(target=worker, args=(queue,))
    print("starting the worker")
    child.start()
    child.join()  # nobody reads the queue
    print("worker joined")
# endregion


def proc(pid, name):
    try:
        return Path(f"/proc/{pid}/{name}").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return b""


def tids(pid):
    try:
        return os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:  # gone meanwhile
        return []


def tree(root):
    """Every process under root, root first, as (pid, parent pid)."""
    found, todo = [], [(root, None)]
    while todo:
        pid, ppid = todo.pop(0)
        found.append((pid, ppid))
        for tid in tids(pid):
            for kid in proc(pid, f"task/{tid}/children").split():
                todo.append((int(kid), pid))
    return found


def wait_channels(pid):
    """The kernel function each thread of pid sleeps in ('0' while it runs)."""
    return [proc(pid, f"task/{tid}/wchan").decode() for tid in tids(pid)]


def role(pid, root, stuck):
    """Name a process of Bob's tree by what it is."""
    cmd = proc(pid, "cmdline").replace(b"\0", b" ").decode()
    if pid == root:
        return "Bob's parent"
    if pid == stuck:
        return "Bob's child"
    if "resource_tracker" in cmd:
        return "resource_tracker"
    if "forkserver" in cmd:
        return "forkserver"
    return "other: " + cmd[:60]


# region judge
def run(method):
    """Start Bob's program under `method`; wait until it has exited, or until a
    thread in its tree sleeps in a pipe write; then describe the tree and kill it."""
    bob_tree = subprocess.Popen(
        [sys.executable, __file__, "bob", method], stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},  # its lines must not wait in a buffer
        start_new_session=True)  # its own process group: one kill ends all of it
    root = bob_tree.pid
    lines = [bob_tree.stdout.readline().strip()]  # "starting the worker"
    lines.append(bob_tree.stdout.readline().strip())  # "worker ended", or "" at exit
    while True:
        if bob_tree.poll() is not None:
            return {"method": method, "hung": False, "lines": lines, "processes": []}
        procs = tree(root)
        stuck = [pid for pid, _ in procs if any("pipe_write" in w for w in wait_channels(pid))]
        if stuck:
            break
        time.sleep(0.002)
    while "0" in wait_channels(root) + wait_channels(stuck[0]):  # every thread asleep
        time.sleep(0.002)
    procs = tree(root)
    names = {pid: role(pid, root, stuck[0]) for pid, _ in procs}
    processes = [[names[pid], names.get(ppid, "this script")] for pid, ppid in procs]
    parent_waits = wait_channels(root)[0]
    child_waits = sorted(wait_channels(stuck[0]))
    os.killpg(root, signal.SIGKILL)  # the whole tree: parent, child, helpers
    bob_tree.wait()
    bob_tree.stdout.close()
    for pid, _ in procs:  # the helpers are not our children: wait until they are dead
        while (stat := proc(pid, "stat")) and stat.rsplit(b")", 1)[1].split()[0] != b"Z":
            time.sleep(0.002)
    return {"method": method, "hung": True, "lines": lines, "processes": processes,
            "parent_waits": parent_waits, "child_waits": child_waits}
# endregion


def main():
    methods = mp.get_all_start_methods()
    print(f"this Python ({sys.version.split()[0]}): start methods {', '.join(methods)}; "
          f"default {mp.get_start_method()}")
    rows = []
    for method in methods:
        result = run(method)
        print(f"\n{method}:")
        for line in result["lines"]:
            print(f"  | {line}")
        print(f"  {'hung: a thread asleep in the pipe write' if result['hung'] else 'exited'}")
        print(f"  {len(result['processes'])} processes in the tree:")
        for name, parent in result["processes"]:
            print(f"    {name:<17} started by {parent}")
        if result["hung"]:
            print(f"  Bob's parent sleeps in {result['parent_waits']}; "
                  f"Bob's child's threads in {', '.join(result['child_waits'])}")
        child_by = next((p for n, p in result["processes"] if n == "Bob's child"), "-")
        rows.append([method, result["hung"], child_by, result.get("parent_waits") or "-",
                     ", ".join(result.get("child_waits") or []) or "-"])
        publish(f"sm_{method}_hung", result["hung"])
        publish(f"sm_{method}_processes", result["processes"])
        publish(f"sm_{method}_parent_waits", result.get("parent_waits"), compare="shape")
        publish(f"sm_{method}_child_waits", result.get("child_waits"), compare="shape")
    print("\nkilled every tree; nothing of them is left running")
    publish("sm_python", sys.version.split()[0], compare="shape")
    publish("sm_default", mp.get_start_method(), compare="shape")
    publish("sm_methods", methods)
    publish("sm_all_hung", all(row[1] for row in rows))
    publish("sm_table", {"columns": ["start method", "hung", "Bob's child started by",
                                     "Bob's parent waits in", "Bob's child waits in"],
                         "rows": rows}, compare="shape")


if __name__ == "__main__":
    if sys.argv[1:2] == ["bob"]:
        bob(sys.argv[2])
    else:
        main()
