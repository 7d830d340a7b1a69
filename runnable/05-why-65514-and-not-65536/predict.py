"""Predict each maximum from the pipe's measured size, then measure it.

Prediction: the longest message whose writes all get into an empty pipe by the
page-slot rule (runnable/lib/pipeslots.py, checked against a real pipe in
chapter 4): the feeder's 4-byte length and the pickle, as one write or two.
Arithmetic alone: no process, no pipe involved.
Measurement: a child puts the message on a real queue that nobody reads, and we
bisect on whether it can exit (no sleeps: see lib/pipewatch.py).
Last, for the page's calculator: the exact frame size of every message of each
kind up to twice the pipe, as a few straight pieces, checked against the pickler."""
import os
import sys
from multiprocessing import Process, Queue
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from messages import MAKE  # noqa: E402
from pipeslots import HEADER, join_threshold, messages_fit  # noqa: E402
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


def frame_pieces(kind, per_item, top):
    """frame(n) = 4 + pickle size, for n = 0..top, as pieces [first, last, offset]
    with frame(n) = per_item * n + offset. A piece is taken when its two ends lie
    on one line of slope per_item. That alone could miss a step up and an equal
    step down between them, so 200 sizes spread over the range are checked
    against the pickler too."""
    sizes = {}

    def frame(n):
        if n not in sizes:
            sizes[n] = HEADER + len(ForkingPickler.dumps(MAKE[kind](n)))
        return sizes[n]

    steps = []

    def split(a, b):
        if frame(b) - frame(a) == per_item * (b - a):
            return
        if b == a + 1:
            steps.append(b)
            return
        mid = (a + b) // 2
        split(a, mid)
        split(mid, b)

    grid = list(range(0, top, 1000)) + [top]  # a first cut: pickle batches lists by a thousand
    for a, b in zip(grid, grid[1:]):
        split(a, b)
    starts = [0] + steps
    ends = [s - 1 for s in steps] + [top]
    pieces = [[a, b, frame(a) - per_item * a] for a, b in zip(starts, ends)]
    sample = [(i * 2 + 1) * (top + 1) // 400 for i in range(200)]  # spread evenly
    checked = all(per_item * n + next(p[2] for p in pieces if p[0] <= n <= p[1]) == frame(n)
                  for n in sample)
    return pieces, checked


def main():
    q = Queue()
    capacity = pipe_size(q._reader.fileno())
    print(f"this queue's pipe holds {capacity:,} bytes: {capacity // PAGE} slots of {PAGE:,}")
    print(f"the feeder writes length and pickle apart above a {THRESHOLD:,}-byte pickle")
    publish("pipe_capacity", capacity, unit="bytes")
    kinds = []
    for kind in MAKE:
        guess = largest(lambda n: predicted_fit(kind, n, capacity))
        found = largest(lambda n: measured_fit(q, kind, n))
        verdict = "exactly" if guess == found else "WRONG"
        print(f"{kind:>5}: predicted {guess:>6,}, measured {found:>6,}: {verdict}")
        publish(f"max_{kind}", found)
        publish(f"predicted_{kind}", guess)
        per_item = (len(ForkingPickler.dumps(MAKE[kind](2000)))
                    - len(ForkingPickler.dumps(MAKE[kind](1000)))) // 1000
        top = largest(lambda n: HEADER + len(ForkingPickler.dumps(MAKE[kind](n))) <= 2 * capacity,
                      hi=2 * capacity + 1)
        pieces, checked = frame_pieces(kind, per_item, top)
        kinds.append({"label": f"pickle · {kind}", "largest": found, "perItem": per_item,
                      "top": top, "pieces": pieces, "checked": checked})
    ok = all(k["checked"] for k in kinds)
    print(f"frame sizes up to twice the pipe, as straight pieces: "
          f"{', '.join(str(len(k['pieces'])) for k in kinds)}; a sample checked: {'yes' if ok else 'NO'}")
    publish("fit_model_python", {"queue": "Python", "page": PAGE, "slots": capacity // PAGE,
                                 "threshold": THRESHOLD, "kinds": kinds})


if __name__ == "__main__":
    main()
