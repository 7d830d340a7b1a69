"""Bob's program with one change: the parent takes the message off the queue
before it waits for the child."""
import multiprocessing as mp
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
    queue.get()  # the one new line: read the message before waiting
    child.join()  # wait for the child to exit
    print("worker joined")
# endregion


if __name__ == "__main__":
    publish_pipe_size("cure_pipe_bytes")  # for the page: the pipe size this run saw
    main()
