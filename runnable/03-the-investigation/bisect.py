"""Bob's investigation, retold: how large a message can a child put on a queue
and still exit when nobody reads it? Bisect on the size, for four kinds of
message side by side, judging each try the way Bob did: start the child, wait
100 ms, and look whether it is still alive."""
import multiprocessing as mp
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from pipesize import queue_pipe_size  # noqa: E402
from publish import publish  # noqa: E402

KINDS = ["str", "int", "float", "bool"]
ARTICLE = {"str": 65514, "int": 32726, "float": 7278, "bool": 65386}


def make(kind, size):
    """A message of `size` characters or items."""
    return {"str": lambda: "1" * size, "int": lambda: [42] * size,
            "float": lambda: [3.14] * size, "bool": lambda: [True] * size}[kind]()


def worker(queue, kind, size):
    queue.put(make(kind, size), block=False)


# region try
def start_try(kind, size):
    queue = mp.Queue()  # a fresh queue (and pipe) for every try
    child = mp.Process(target=worker, args=(queue, kind, size))
    child.start()
    return queue, child


def judge(queue, child):
    """Bob's test: 100 ms after the start, a child still alive is taken as hung."""
    if child.is_alive():
        child.kill()  # Bob left it hanging; we clean up
        child.join()
        return True
    queue.get()
    child.join()
    return False
# endregion


# region bisect
def bisect(kinds, low=0, high=105_656):
    bounds = {k: [low, high] for k in kinds}  # low fits, high hangs
    steps = {k: [] for k in kinds}
    while any(hi - lo > 1 for lo, hi in bounds.values()):
        tries = {}
        for kind, (lo, hi) in bounds.items():
            if hi - lo > 1:
                size = (lo + hi) // 2
                tries[kind] = (size, *start_try(kind, size))
        time.sleep(0.1)  # Bob's guess: long enough for a child to finish
        line = []
        for kind, (size, queue, child) in tries.items():
            hung = judge(queue, child)
            bounds[kind][1 if hung else 0] = size
            steps[kind].append({"size": size, "hung": hung})
            line.append(f"{kind} {size:>5} {'alive' if hung else 'ended'}")
        print("  ".join(line))
    return {k: lo for k, (lo, hi) in bounds.items()}, steps
# endregion


if __name__ == "__main__":
    capacity = queue_pipe_size(mp.Queue())
    maxima, steps = bisect(KINDS)
    print()
    print(f"pipe: {capacity:,} bytes")
    print(f"{'message':<8}{'largest':>8}{'article':>9}{'pipe / largest':>16}")
    rows = []
    for kind in KINDS:
        factor = capacity / maxima[kind]
        print(f"{kind:<8}{maxima[kind]:>8}{ARTICLE[kind]:>9}{factor:>16.4f}")
        rows.append([kind, maxima[kind], ARTICLE[kind], f"{factor:.4f}"])
        publish(f"max_{kind}", maxima[kind])
        publish(f"bisect_steps_{kind}", steps[kind])
    publish("pipe_bytes", capacity, unit="bytes")
    publish("maxima", {"columns": ["message", "largest that exits", "the article's", "pipe ÷ largest"], "rows": rows})
