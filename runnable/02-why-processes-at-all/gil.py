"""One CPU-bound job, done three ways: in one thread, split over threads, and
split over processes. Which of them uses more than one core?"""
import multiprocessing as mp
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from publish import publish  # noqa: E402

JOB = 1_000_000  # loop turns in the whole job, however it is split


# region job
def count(start, stop):
    """Pure Python arithmetic: the thread running it holds the GIL throughout."""
    hits = 0
    for i in range(start, stop):
        x = i % 1024  # the same arithmetic as the TypeScript version
        if x * x % 7 == 1:
            hits += 1
    return hits


def parts(n):
    """The job's range cut into n slices of (nearly) equal size."""
    return [(JOB * k // n, JOB * (k + 1) // n) for k in range(n)]
# endregion


# region ways
def in_threads(n):
    results = [0] * n

    def run(k, start, stop):
        results[k] = count(start, stop)

    threads = [threading.Thread(target=run, args=(k, *p)) for k, p in enumerate(parts(n))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(results)


def in_processes(n):
    with mp.Pool(n) as pool:
        return sum(pool.starmap(count, parts(n)))
# endregion


def seconds(way, n, repeats=3):
    """The best of three timings: the one least disturbed by anything else running."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        way(n)
        best = min(best, time.perf_counter() - start)
    return best


if __name__ == "__main__":
    cores = os.cpu_count()
    base = seconds(in_threads, 1)
    rows = [["1 thread", base, 1.0]]
    for n in sorted({2, cores}):
        rows.append([f"{n} threads", t := seconds(in_threads, n), base / t])
        rows.append([f"{n} processes", t := seconds(in_processes, n), base / t])

    load = os.getloadavg()[0]  # how many programs wanted a core, lately
    print(f"cores: {cores}   load average: {load:.1f}")
    print(f"{'the job, run in':<16}{'seconds':>9}{'speed-up':>10}")
    for way, secs, speedup in rows:
        print(f"{way:<16}{secs:>9.2f}{speedup:>9.2f}x")

    publish("cores", cores, compare="range", min=1, max=1024)
    publish("py_load", round(load, 1), compare="shape")
    publish("py_speedup_threads", round(rows[1][2], 2), compare="range", min=0.1, max=1.5)
    publish("py_speedup_processes", round(rows[2][2], 2), compare="range", min=0.1, max=cores + 0.5)
    table = [[way, round(secs, 2), round(speedup, 2)] for way, secs, speedup in rows]
    publish("py_ways", {"columns": ["the job, run in", "seconds", "speed-up"], "rows": table}, compare="shape")
