"""Predict each maximum from the pipe's measured size, then measure it.

Prediction: the longest message whose writes all get into an empty pipe by the
page-slot rule (runnable/lib/pipeslots.py, checked against a real pipe in
chapter 4): the feeder's 4-byte length and the pickle, as one write or two.
Arithmetic alone: no process, no pipe involved.
Measurement: a child puts the message on a real queue that nobody reads, and we
bisect on whether it can exit (no sleeps: see lib/pipewatch.py)."""
import os
import sys
from multiprocessing import Process, Queue
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from messages import MAKE  # noqa: E402
from pipeslots import join_threshold, messages_fit  # noqa: E402
from pipewatch import pipe_size, wait_exited_or_blocked  # noqa: E402
from publish import publish  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")
THRESHOLD = join_threshold()  # above it, the length and the pickle are two writes
BOB = 105_656  # Bob's size: too big for every type here


def largest(fits, hi=BOB):
    """Bisect the largest n for which fits(n) holds (fits(0) holds, fits(hi) does not)."""
    lo = 0
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo


# region predict
def predicted_fit(kind, n, capacity):
    payload = len(ForkingPickler.dumps(MAKE[kind](n)))
    fits, _ = messages_fit([payload], THRESHOLD, PAGE, capacity // PAGE)
    return fits
# endregion


def worker(q, kind, n):
    q.put(MAKE[kind](n))


# region measure
def measured_fit(q, kind, n):
    p = Process(target=worker, args=(q, kind, n))
    p.start()
    verdict = wait_exited_or_blocked(p)  # exited, or stuck writing the pipe
    q.get()  # empty the pipe for the next try (and free a stuck child)
    p.join()
    return verdict == "exited"
# endregion


def main():
    q = Queue()
    capacity = pipe_size(q._reader.fileno())
    print(f"this queue's pipe holds {capacity:,} bytes: {capacity // PAGE} slots of {PAGE:,}")
    print(f"the feeder writes length and pickle apart above a {THRESHOLD:,}-byte pickle")
    publish("pipe_capacity", capacity, unit="bytes")
    for kind in MAKE:
        guess = largest(lambda n: predicted_fit(kind, n, capacity))
        found = largest(lambda n: measured_fit(q, kind, n))
        verdict = "exactly" if guess == found else "WRONG"
        print(f"{kind:>5}: predicted {guess:>6,}, measured {found:>6,}: {verdict}")
        publish(f"max_{kind}", found)
        publish(f"predicted_{kind}", guess)


if __name__ == "__main__":
    main()
