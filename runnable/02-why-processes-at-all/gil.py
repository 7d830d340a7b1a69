"""One CPU-bound job, done three ways: in one thread, split over threads, and
split over processes. Which of them uses more than one core?

The job is sized to last about a second in one thread on the machine that
built the site, so that starting a pool of processes (tens of milliseconds)
is a small part of it. What the timings mean depends on what else the machine
was doing: the load average is read before and after the job, and the verdict
printed last says only what this run's own numbers show."""
import multiprocessing as mp
import os
import sys
import textwrap
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from publish import publish  # noqa: E402

JOB = 7_000_000  # loop turns in the whole job, however it is split


# region job
def count(start, stop):
    """Pure Python arithmetic: the thread running it holds the GIL throughout.
    Returns the answer and the CPU time this thread spent on it."""
    cpu = time.thread_time()
    hits = 0
    for i in range(start, stop):
        x = i % 1024  # the same arithmetic as the TypeScript version
        if x * x % 7 == 1:
            hits += 1
    return hits, time.thread_time() - cpu


def parts(n, job=JOB):
    """The job's range cut into n slices of (nearly) equal size."""
    return [(job * k // n, job * (k + 1) // n) for k in range(n)]
# endregion


# region ways
def in_threads(n):
    results = [None] * n

    def run(k, start, stop):
        results[k] = count(start, stop)

    threads = [threading.Thread(target=run, args=(k, *p)) for k, p in enumerate(parts(n))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def in_processes(n, job=JOB):
    with mp.Pool(n) as pool:
        return pool.starmap(count, parts(n, job))
# endregion


def measure(way, n, repeats=2):
    """Best of two (the run least disturbed by anything else): its wall-clock
    seconds, and how many cores were busy on average (CPU seconds / wall seconds)."""
    best = None
    for _ in range(repeats):
        start = time.perf_counter()
        results = way(n)
        wall = time.perf_counter() - start
        if best is None or wall < best[0]:
            best = (wall, sum(cpu for _, cpu in results) / wall)
    return best


def timed(way, *args):
    start = time.perf_counter()
    way(*args)
    return time.perf_counter() - start


def verdict(threads, processes, load, cores):
    """One sentence that says what this run shows, and nothing more: rows are
    (seconds, speed-up, cores busy) for the threads and for the processes."""
    (_, sp_t, busy_t), (_, sp_p, busy_p) = threads, processes
    busy = f"processes kept {busy_p:.1f} cores busy, threads {busy_t:.1f}"
    crowded = load >= cores - 0.5  # other programs wanted the cores too
    if sp_p >= 1.3 * sp_t and busy_p >= busy_t + 0.3:
        return (f"{busy}: processes did the job {sp_p / sp_t:.1f} times as fast as threads"
                + (f", on a machine busy with other work too (load average {load:.1f})" if crowded else ""))
    if crowded:
        return (f"{busy}: no clear difference, on a machine already busy with other work "
                f"(load average {load:.1f} on {cores} cores), so this run shows nothing either way")
    return f"{busy}: no clear difference in this run, although the machine looked quiet"


if __name__ == "__main__":
    cores = os.cpu_count()
    load = os.getloadavg()[0]  # how many programs wanted a core over the last minute
    start_up = min(timed(in_processes, 2, 0) for _ in range(2))  # a pool for an empty job
    base, busy = measure(in_threads, 1)
    rows = [["1 thread", base, 1.0, busy]]
    for n in sorted({2, cores}):
        for label, way in ((f"{n} threads", in_threads), (f"{n} processes", in_processes)):
            wall, busy = measure(way, n)
            rows.append([label, wall, base / wall, busy])

    # Others' load: what was there before, or what came during (the 1-minute average rises
    # by about 0.3 from this job alone, and a little more to be safe).
    after = os.getloadavg()[0]
    load = max(load, after - 0.5)
    print(f"cores: {cores}   load average of other programs: {load:.1f}")
    print(f"starting and stopping a pool of 2 processes, with nothing to do: {start_up:.3f} s")
    print(f"{'the job, run in':<16}{'seconds':>8}{'speed-up':>10}{'cores busy':>12}")
    for way, wall, speedup, busy in rows:
        print(f"{way:<16}{wall:>8.2f}{speedup:>9.2f}x{busy:>12.2f}")
    said = verdict(rows[1][1:], rows[2][1:], load, cores)
    print(textwrap.fill(f"verdict: {said}", width=64, subsequent_indent="  "))

    publish("py_cores", cores, compare="range", min=1, max=1024)
    publish("py_load", round(load, 1), compare="shape")
    publish("py_start_up", round(start_up, 3), compare="range", min=0, max=5, unit="s")
    publish("py_seconds_one", round(base, 2), compare="range", min=0.1, max=30, unit="s")
    publish("py_verdict", said, compare="shape")
    publish("py_speedup_threads", round(rows[1][2], 2), compare="range", min=0.1, max=2)
    publish("py_speedup_processes", round(rows[2][2], 2), compare="range", min=0.1, max=cores + 0.5)
    publish("py_busy_threads", round(rows[1][3], 2), compare="range", min=0, max=1.1)
    publish("py_busy_processes", round(rows[2][3], 2), compare="range", min=0.1, max=cores + 0.1)
    table = [[way, round(wall, 2), round(speedup, 2), round(busy, 2)] for way, wall, speedup, busy in rows]
    columns = ["the job, run in", "seconds", "speed-up", "cores busy"]
    publish("py_ways", {"columns": columns, "rows": table}, compare="shape")
