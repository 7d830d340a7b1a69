"""The article's bisection script reached us without its indentation. Two
readings of its last lines are possible:

    if p.is_alive():  # it hangs          if p.is_alive():  # it hangs
        right = data_size                     right = data_size
    else:  # it exits                     else:  # it exits
        left = data_size                      left = data_size
        q.get()                           q.get()
        p.join()                          p.join()

On the left, only a child that exited is read and joined; on the right, every
child is, after the if/else. Both keep the article's one queue for all tries
and its test (sleep 0.1 s, then is_alive). Which reading gives the article's
table? Run both, for the four kinds of message, each kind with its own queue.
"""
import multiprocessing as mp
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from publish import publish  # noqa: E402

ARTICLE = {"str": 65_514, "int": 32_726, "float": 7_278, "bool": 65_386}
MAKE = {"str": lambda n: "1" * n, "int": lambda n: [42] * n,
        "float": lambda n: [3.14] * n, "bool": lambda n: [True] * n}


def worker(q, kind, size):
    q.put(MAKE[kind](size), block=False)


PIPE_WAITS = set()  # the names of the pipe-write wait channels seen (they differ by kernel)


def waits_in(pid):
    """Where a stuck child's threads sleep (their wait channels, /proc/PID/task/TID/wchan):
    'pipe' if one is in a pipe write, 'futex' if all wait on a lock or a thread."""
    waits = [(tid / "wchan").read_text() for tid in Path(f"/proc/{pid}/task").iterdir()]
    if any("pipe_write" in w for w in waits):
        PIPE_WAITS.update(w for w in waits if "pipe_write" in w)
        return "pipe"
    return "futex" if all("futex" in w for w in waits) else "other"


# region readings
def after_try(reading, q, child):
    """What the script does once it has judged a try (True: it hangs)."""
    hung = child.is_alive()
    if reading == "else":  # q.get() and p.join() inside the else branch
        if not hung:
            q.get()
            child.join()
    else:  # reading == "after": q.get() and p.join() after the if/else
        q.get()
        child.join()
    return hung
# endregion


def bisect(reading, kinds, left=0, right=105_656):
    queues = {k: mp.Queue() for k in kinds}  # one queue per kind, for every try
    bounds = {k: [left, right] for k in kinds}
    stuck = {k: [] for k in kinds}
    rounds = 0
    while any(hi - lo > 1 for lo, hi in bounds.values()):
        tries = {}
        for kind, (lo, hi) in bounds.items():
            if hi - lo > 1:
                size = (lo + hi) // 2
                child = mp.Process(target=worker, args=(queues[kind], kind, size))
                child.start()
                tries[kind] = (size, child)
        time.sleep(0.1)  # the article's test, once a round for all kinds
        line = []
        for kind, (size, child) in tries.items():
            pid = child.pid
            hung = after_try(reading, queues[kind], child)
            bounds[kind][1 if hung else 0] = size
            line.append(f"{kind} {size:>5} {'alive' if hung else 'ended'}")
            if hung and child.is_alive():  # left hanging by the "else" reading
                stuck[kind].append(waits_in(pid))
                # The article's script left it running. Stopping it changes nothing
                # for later tries: its bytes stay in the pipe and the queue's write
                # lock stays taken. (It keeps this script to a few processes.)
                child.kill()
                child.join()
        rounds += 1
        print(f"  {'  '.join(line)}")
    # The feeder thread holds the queue's write lock while it writes a message.
    # Can this process take it now? (If not, a stuck child's feeder took it and died with it.)
    locked = {}
    for k, q in queues.items():
        locked[k] = not q._wlock.acquire(False)
        if not locked[k]:
            q._wlock.release()
    return {k: lo for k, (lo, hi) in bounds.items()}, stuck, rounds, locked


def main():
    kinds = list(ARTICLE)
    results = {}
    labels = {"else": "get/join in the else branch", "after": "get/join after the if/else"}
    for reading in ("else", "after"):
        print(f"reading: {labels[reading]}")
        started = time.perf_counter()
        maxima, stuck, rounds, locked = bisect(reading, kinds)
        took = time.perf_counter() - started
        results[reading] = maxima
        left_stuck = sum(len(s) for s in stuck.values())
        print(f"  {rounds} rounds in {took:.1f} s; children judged stuck (each killed): {left_stuck}")
        if left_stuck:
            on_pipe = sum(s.count("pipe") for s in stuck.values())
            on_futex = sum(s.count("futex") for s in stuck.values())
            print(f"  of those, a thread asleep in the pipe write ({', '.join(sorted(PIPE_WAITS))}): "
                  f"{on_pipe}; every thread in a futex wait: {on_futex}")
            publish("readings_else_stuck", left_stuck)
            publish("readings_else_stuck_on_pipe", on_pipe)
            publish("readings_else_stuck_on_futex", on_futex)
            publish("readings_pipe_wchan", ", ".join(sorted(PIPE_WAITS)), compare="shape")
        taken = [k for k in kinds if locked[k]]
        print(f"  queues whose write lock is still taken at the end: {len(taken)} of {len(kinds)}")
        publish(f"readings_{reading}_locks_taken", len(taken))
        publish(f"readings_{reading}_seconds", round(took, 1), compare="range", min=0, max=30,
                unit="s")
        print()

    print(f"{'message':<8}{'article':>9}{'else':>8}{'after':>8}")
    rows = []
    for kind in kinds:
        print(f"{kind:<8}{ARTICLE[kind]:>9}{results['else'][kind]:>8}{results['after'][kind]:>8}")
        rows.append([kind, ARTICLE[kind], results["else"][kind], results["after"][kind]])
        for reading in ("else", "after"):
            publish(f"readings_{reading}_max_{kind}", results[reading][kind])
    matches = {r: all(results[r][k] == ARTICLE[k] for k in kinds) for r in results}
    for reading, ok in matches.items():
        print(f"{labels[reading]}: {'reproduces' if ok else 'does not reproduce'} the article's table")
        publish(f"readings_{reading}_matches", ok)
    publish("readings_table", {"columns": ["message", "the article's maximum",
                                           labels["else"], labels["after"]], "rows": rows})


if __name__ == "__main__":
    main()
