"""Where is the wall for a str, for three pipe sizes?

For each size, bisect the longest string a child can put on the queue and still
exit while nobody reads. No sleeps: a try ends when the child has exited, or
when one of its threads is asleep in the kernel's pipe write (see pipewatch).
"""
import sys
from multiprocessing import Process, Queue
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from pipewatch import pipe_size, set_pipe_size, wait_exited_or_blocked  # noqa: E402
from publish import publish  # noqa: E402

BOB = 105_656  # the length of Bob's string


def worker(q, n):
    q.put("1" * n)


def fits(q, n):
    """Put n characters from a child; True if the child could exit unread."""
    p = Process(target=worker, args=(q, n))
    p.start()
    verdict = wait_exited_or_blocked(p)
    q.get()  # now read it, so a blocked child can finish too
    p.join()
    return verdict == "exited"


# region bisect
def longest_that_fits(q, hi):
    lo = 0  # lo always fits, hi never does
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if fits(q, mid):
            lo = mid
        else:
            hi = mid
    return lo
# endregion


def main():
    rows = []
    first = Queue()
    default = pipe_size(first._reader.fileno())  # what a new pipe gets here
    # region sizes
    for wanted in (default, 2 * default, 4 * default):
        q = Queue()
        size = set_pipe_size(q._reader.fileno(), wanted)
        longest = longest_that_fits(q, hi=size + 1)
        bob = "exits" if fits(q, BOB) else "hangs"
        print(f"pipe {size:>7,} bytes: longest str {longest:>7,}, "
              f"{size - longest} bytes short; Bob's {BOB:,} {bob}")
        rows.append([size, longest, size - longest, bob])
    # endregion
    publish("wall_table", {"columns": ["pipe size (bytes)", "longest str that fits",
                                        "gap (bytes)", f"Bob's {BOB:,} chars"],
                           "rows": rows})
    publish("wall_default_pipe", default, unit="bytes")
    publish("wall_longest_64k", rows[0][1])


if __name__ == "__main__":
    main()
