"""Before blaming anyone: what kind of child did Python start, how much does
the queue's pipe hold, how big is Bob's message once it is on the pipe, and how
much of it gets in before the queue's feeder thread has to wait for a reader?"""
import multiprocessing as mp
import os
import sys
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from pipesize import queue_pipe_size  # noqa: E402
from queuewatch import stuck_queue  # noqa: E402
from publish import publish  # noqa: E402

MESSAGE_CHARS = 105_656
HEADER_BYTES = 4  # the queue sends a 4-byte length before every message

# region look
queue = mp.Queue()
capacity = queue_pipe_size(queue)  # asked of the kernel: F_GETPIPE_SZ
page = os.sysconf("SC_PAGE_SIZE")  # a page: one slot of a pipe
pickled = len(ForkingPickler.dumps("1" * MESSAGE_CHARS))  # as the feeder does
on_the_pipe = HEADER_BYTES + pickled

print(f"start method:         {mp.get_start_method()}")
print(f"the queue's pipe:     {capacity:,} bytes,"
      f" {capacity // page} slots of {page:,}")
print(f"Bob's message, sent:  {on_the_pipe:,} bytes"
      f" ({HEADER_BYTES} of length, {pickled:,} of pickle)")
print(f"fits in the pipe:     {'yes' if on_the_pipe <= capacity else 'no'}")

# Put it on a queue here, nobody reading: once the feeder thread sleeps
# in the pipe's write, count what the pipe holds (then read it back).
held, _, wchan = stuck_queue(["1" * MESSAGE_CHARS])
print(f"the feeder got stuck: {held:,} bytes in the pipe,"
      f" {on_the_pipe - held:,} still to write ({wchan})")
# endregion

publish("start_method", mp.get_start_method(), compare="shape")
publish("pipe_bytes", capacity, unit="bytes")
publish("page_bytes", page, unit="bytes")
publish("pipe_slots", capacity // page)
publish("payload_bytes", pickled, unit="bytes")
publish("message_bytes", on_the_pipe, unit="bytes")
publish("held_bytes", held, unit="bytes")
publish("waiting_bytes", on_the_pipe - held, unit="bytes")
publish("feeder_wchan", wchan, compare="shape")
