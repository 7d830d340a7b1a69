"""Why can the child not exit, when put() has returned and its function is done?

The same hang as Bob's, with the child saying what it sees at each step. Expect
it to hang: the page's engine proves it from /proc and then kills it.
Run it by hand with `timeout -s KILL 5 python3 feeder-blocked.py`.
"""
import sys
import threading
import time
from multiprocessing import Process, Queue
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from pipewatch import pipe_size  # noqa: E402
from publish import publish  # noqa: E402

SIZE = 105_656  # Bob's string


# region child
def worker(q):
    started = time.perf_counter()
    q.put("1" * SIZE, block=False)
    took = (time.perf_counter() - started) * 1000
    print(f"child: put() returned after {took:.2f} ms")
    names = ", ".join(t.name for t in threading.enumerate())
    print(f"child: threads alive: {names}")
    print("child: my function is done, so this process should exit now")
    # Returning here is not the end: before the process may exit,
    # multiprocessing joins the queue's feeder thread. It is still writing.
# endregion


def main():
    q = Queue()
    publish("feeder_pipe", pipe_size(q._reader.fileno()), unit="bytes")  # the wall this run hits
    p = Process(target=worker, args=(q,))
    # Said before start(), so the order of the two processes' lines never depends on the scheduler.
    print("parent: start the child, then join() it without reading the queue")
    p.start()
    p.join()
    print("parent: joined")  # never printed


if __name__ == "__main__":
    main()
