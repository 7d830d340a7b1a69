"""put() returns before the data leaves the process. A producer puts fifty
messages of one MiB each on a queue that nobody reads, dropping its own
reference after each put(). Its resident memory (VmRSS) tells where they went.
For comparison, the same loop without the queue."""
import re
import sys
from multiprocessing import Queue
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from publish import publish  # noqa: E402

MIB = 1024 * 1024
COUNT = 50


def rss():
    """This process's resident memory in bytes, from /proc/self/status."""
    with open("/proc/self/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1)) * 1024


def produce(put):
    for i in range(COUNT):
        message = bytes([i]) * MIB  # a fresh 1 MiB object each time
        put(message)
        del message  # the producer keeps no reference


def main():
    # region without
    before = rss()
    produce(lambda message: None)  # made and thrown away at once
    alone = rss() - before
    print(f"without a queue: {alone / MIB:+.1f} MiB")
    # endregion
    # region with
    q = Queue()
    before = rss()
    produce(q.put)  # every put() returns at once
    grown = rss() - before
    print(f"{COUNT} x 1 MiB put on a queue nobody reads: {grown / MIB:+.1f} MiB")
    # endregion
    # The messages wait in the queue's buffer, inside this process, for the
    # feeder thread, which is stuck on a full pipe. Nobody will ever read
    # them, so end cleanly: do not wait for the feeder, drop them.
    q.cancel_join_thread()
    print("cancel_join_thread(): exiting, the messages are dropped")
    publish("rss_alone_mib", round(alone / MIB), compare="range", min=-5, max=5, unit="MiB")
    publish("rss_grown_mib", round(grown / MIB), compare="range", min=40, max=70, unit="MiB")
    publish("rss_put_mib", COUNT)


if __name__ == "__main__":
    main()
