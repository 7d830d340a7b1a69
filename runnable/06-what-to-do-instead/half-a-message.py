"""cancel_join_thread() with a message bigger than the pipe moves the hang
instead of curing it. The child exits and join() returns, but the pipe holds
only the start of the message, and its writer is dead. get() reads the length,
then waits for the rest, forever: the parent itself keeps the pipe's write end
open, so it never even sees end-of-file. Expect a hang."""
import array
import fcntl
import sys
import termios
from multiprocessing import Event, Process, Queue
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from pipewatch import pipe_size, wait_exited_or_blocked  # noqa: E402
from publish import publish  # noqa: E402

SIZE = 105_656  # Bob's string


def worker(q, pipe_full):
    q.put("1" * SIZE)
    pipe_full.wait()  # only so every run shows the same bytes (see cancel-join.py)
    q.cancel_join_thread()
    print("child: exiting without waiting for the feeder")


def bytes_waiting(fd):
    """How many unread bytes sit in a pipe (the FIONREAD ioctl)."""
    count = array.array("i", [0])
    fcntl.ioctl(fd, termios.FIONREAD, count)
    return count[0]


def record(q, waiting, needed):
    publish("half_waiting", waiting, unit="bytes")
    publish("half_needed", needed, unit="bytes")
    publish("half_capacity", pipe_size(q._reader.fileno()), unit="bytes")


def main():
    q, pipe_full = Queue(), Event()
    p = Process(target=worker, args=(q, pipe_full))
    p.start()
    wait_exited_or_blocked(p)
    pipe_full.set()
    # region parent
    p.join()
    print(f"parent: joined, exit code {p.exitcode}")
    waiting = bytes_waiting(q._reader.fileno())
    needed = 4 + len(ForkingPickler.dumps("1" * SIZE))  # length header + pickle
    print(f"parent: the pipe holds {waiting:,} of the message's {needed:,} bytes")
    record(q, waiting, needed)  # hand the numbers to the page
    print("parent: reading the message...")
    text = q.get()  # the length, then part of the bytes: waits for the rest forever
    print(f"parent: got {len(text):,} characters")  # never printed
    # endregion


if __name__ == "__main__":
    main()
