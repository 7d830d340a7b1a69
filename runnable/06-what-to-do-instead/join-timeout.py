"""A join that cannot hang: give it a timeout, and when the child is still
alive afterwards, say so and look at what it is waiting for, instead of
waiting forever. Here the parent then finds the cure (read the queue)."""
import sys
from multiprocessing import Process, Queue
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from pipewatch import pipe_size, thread_waits  # noqa: E402
from publish import publish  # noqa: E402

SIZE = 105_656  # Bob's string


def worker(q):
    q.put("1" * SIZE)
    print("child: done")


def main():
    q = Queue()
    publish("join_timeout_pipe", pipe_size(q._reader.fileno()), unit="bytes")
    p = Process(target=worker, args=(q,))
    p.start()
    # region join
    p.join(timeout=0.5)
    if p.is_alive():
        print("parent: child still alive after 0.5 s; what are its threads waiting in?")
        for number, wchan in enumerate(thread_waits(p.pid).values(), start=1):
            print(f"  thread {number}: {wchan}")
        print("parent: a thread in pipe_write means a full pipe: read the queue")
        q.get()
        p.join()
    print(f"parent: child exited with code {p.exitcode}")
    # endregion


if __name__ == "__main__":
    main()
