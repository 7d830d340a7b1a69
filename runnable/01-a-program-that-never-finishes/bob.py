"""Bob's program, retold: a child puts one long string on a queue, and the
parent waits for the child to finish without ever reading the queue."""
import multiprocessing as mp
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from pipesize import publish_pipe_size  # noqa: E402

MESSAGE_CHARS = 105_656  # the length of Bob's string


# region story
def worker(queue):
    queue.put("1" * MESSAGE_CHARS, block=False)  # returns at once
    print("worker ended")


def main():
    queue = mp.Queue()
    child = mp.Process(target=worker, args=(queue,))
    print("starting the worker")
    child.start()
    child.join()  # wait for the child to exit
    print("worker joined")
# endregion


if __name__ == "__main__":
    # For the page: the pipe size this run saw, under a name of its own for the run
    # whose output Python buffers (the page shows this program twice).
    publish_pipe_size("bob_pipe_bytes" if os.environ.get("PYTHONUNBUFFERED") else "bob_buffered_pipe_bytes")
    main()
