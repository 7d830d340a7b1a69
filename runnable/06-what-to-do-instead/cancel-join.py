"""cancel_join_thread(): the child no longer waits for its feeder thread at
exit, so it cannot hang there. The price: whatever the feeder had not written
yet dies with the child. Forty messages of 4,000 characters are put; count
how many the parent can still read after the child is gone."""
import os
import sys
from multiprocessing import Event, Process, Queue
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from queue import Empty

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from pipeslots import HEADER, join_threshold, messages_fit  # noqa: E402
from pipewatch import pipe_size, wait_exited_or_blocked  # noqa: E402
from publish import publish  # noqa: E402

COUNT, LENGTH = 40, 4_000


# region child
def worker(q, pipe_full):
    for i in range(COUNT):
        q.put("x" * LENGTH)
    print(f"child: {COUNT} put() calls returned")
    pipe_full.wait()  # only so the result does not depend on timing (see below)
    q.cancel_join_thread()
    print("child: cancel_join_thread(), and exit without waiting for the feeder")
# endregion


def main():
    q, pipe_full = Queue(), Event()
    capacity = pipe_size(q._reader.fileno())
    p = Process(target=worker, args=(q, pipe_full))
    p.start()
    # Let the feeder write until the pipe is full, so the count below is the
    # same on every run: without this, the child may exit even sooner.
    wait_exited_or_blocked(p)
    pipe_full.set()
    # region parent
    p.join()  # returns: nobody waits for the feeder any more
    print(f"parent: joined, exit code {p.exitcode}")
    received = 0
    while True:
        try:
            q.get_nowait()  # only what already sits in the pipe
            received += 1
        except Empty:
            break
    print(f"parent: received {received} of {COUNT}; {COUNT - received} were lost")
    # endregion
    # How many whole messages does the pipe take? By the page-slot rule (runnable/lib/pipeslots.py):
    # each frame is one write, and a write no bigger than a page goes into the last slot only if
    # it fits there whole.
    payload = len(ForkingPickler.dumps("x" * LENGTH))
    frame, page = HEADER + payload, os.sysconf("SC_PAGE_SIZE")
    slots = capacity // page
    predicted = max(k for k in range(COUNT + 1)
                    if messages_fit([payload] * k, join_threshold(), page, slots)[0])
    per_slot = page // frame
    print(f"slot rule: {slots} slots of {page:,} bytes, {per_slot} frame{'s' * (per_slot != 1)} "
          f"of {frame:,} bytes in each: {predicted} frames")
    print(f"counting bytes: {capacity:,} // {frame:,} = {capacity // frame} frames")
    publish("cancel_capacity", capacity, unit="bytes")
    publish("cancel_received", received)
    publish("cancel_lost", COUNT - received)
    publish("cancel_predicted", predicted)
    publish("cancel_frame", frame, unit="bytes")
    publish("cancel_page", page, unit="bytes")
    publish("cancel_slots", slots)
    publish("cancel_per_slot", per_slot)
    publish("cancel_by_bytes", capacity // frame)
    publish("cancel_slack", page - per_slot * frame, unit="bytes")

if __name__ == "__main__":
    main()
