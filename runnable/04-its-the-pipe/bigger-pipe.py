"""Bob's program, unchanged but for one thing: the queue's pipe is made bigger.

If the pipe is the wall, a bigger pipe should let the same 105,656 characters
through, and the parent's join() should return without anyone calling get().
"""
import sys
from multiprocessing import Process, Queue
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from pipewatch import pipe_size, set_pipe_size  # noqa: E402
from publish import publish  # noqa: E402

SIZE = 105_656  # the length of Bob's string


def worker(q):
    q.put("1" * SIZE, block=False)
    print("worker ended")


def main():
    # region grow
    q = Queue()
    fd = q._reader.fileno()  # the queue's pipe (one pipe: either end will do)
    before = pipe_size(fd)
    after = set_pipe_size(fd, 2 * SIZE)  # the kernel rounds up to whole pages
    print(f"pipe size: {before:,} -> {after:,} bytes")
    # endregion
    p = Process(target=worker, args=(q,))
    print("starting the worker")  # before start(): the child's line cannot overtake it
    p.start()
    p.join()  # still no get() before the join
    print("worker joined")
    print(f"message received: {len(q.get()):,} characters")
    publish("grown_pipe_before", before, unit="bytes")
    publish("grown_pipe_after", after, unit="bytes")


if __name__ == "__main__":
    main()
