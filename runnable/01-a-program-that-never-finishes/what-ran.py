"""Before blaming anyone: what kind of child did Python start, how much does
the queue's pipe hold, and how big is Bob's message once it is on the pipe?"""
import multiprocessing as mp
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from pipesize import queue_pipe_size  # noqa: E402
from publish import publish  # noqa: E402

MESSAGE_CHARS = 105_656
HEADER_BYTES = 4  # the queue sends a 4-byte length before every message

# region look
queue = mp.Queue()
capacity = queue_pipe_size(queue)  # asked of the kernel: F_GETPIPE_SZ
on_the_pipe = HEADER_BYTES + len(pickle.dumps("1" * MESSAGE_CHARS))

print(f"start method:         {mp.get_start_method()}")
print(f"the queue's pipe:     {capacity:,} bytes")
print(f"Bob's message, sent:  {on_the_pipe:,} bytes")
print(f"fits in the pipe:     {'yes' if on_the_pipe <= capacity else 'no'}")
# endregion

publish("start_method", mp.get_start_method(), compare="shape")
publish("pipe_bytes", capacity, unit="bytes")
publish("message_bytes", on_the_pipe, unit="bytes")
