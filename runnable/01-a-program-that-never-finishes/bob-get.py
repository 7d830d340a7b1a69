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
    queue.put("1" * MESSAGE_CHARS, block=False)
    print("worker ended")


def main():
    queue = mp.Queue()
    child = mp.Process(target=worker, args=(queue,))
    print("starting the worker")
    child.start()
    message = queue.get()  # the one new line: read before waiting
    child.join()
    print("worker joined")
    print(f"the message had {len(message):,} characters")
# endregion


if __name__ == "__main__":
    publish_pipe_size("cure_pipe_bytes")  # for the page: the pipe size this run saw
    main()
