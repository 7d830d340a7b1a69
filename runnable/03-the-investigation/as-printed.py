"""The article's bisection as it was printed reuses one queue for every try.
What does that do? Same search, same 100 ms test, strings only, one queue."""
import multiprocessing as mp
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from pipesize import publish_pipe_size  # noqa: E402
from publish import publish  # noqa: E402


def worker(queue, size):
    queue.put("1" * size, block=False)


# region shared
def bisect_one_queue(low=0, high=105_656):
    queue = mp.Queue()  # created once, shared by every try
    stuck = []
    while high - low > 1:
        size = (low + high) // 2
        child = mp.Process(target=worker, args=(queue, size))
        child.start()
        time.sleep(0.1)
        if child.is_alive():
            high = size
            stuck.append(child)  # its message is still half in the pipe
        else:
            low = size
            queue.get()
            child.join()
        print(f"{size:>6} {'alive' if child.is_alive() else 'ended'}")
    return low, stuck
# endregion


if __name__ == "__main__":
    publish_pipe_size("shared_pipe_bytes")
    largest, stuck = bisect_one_queue()
    print(f"largest string that exits, one shared queue: {largest}")
    print(f"children left hanging: {len(stuck)}")
    for child in stuck:  # the article's script leaves these behind; we do not
        child.kill()
        child.join()
    publish("shared_max_str", largest)
    publish("shared_stuck", len(stuck))
