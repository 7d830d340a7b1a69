"""What the pipe model of this chapter knows, measured here and nowhere else:
the page, a new queue's pipe, the sizes the kernel grants when that pipe is asked
to grow, the largest size an ordinary user may ask for, the pickle size above which
the feeder writes the length on its own, and the exact pickles of three strings
(the article's largest, one character more, Bob's), and for every pipe size the
model offers, the longest message of each kind whose frame is no bigger than the
pipe, and one item more, pickled for real: pickle's wrapping grows in steps, so
the model reads the edges it draws from measured pickles, not from a slope.
What each kind of message costs per item comes from frame-sizes.py, on the same
page."""
import os
import sys
from multiprocessing import Queue
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from messages import MAKE  # noqa: E402
from pipeslots import join_threshold  # noqa: E402
from pipewatch import pipe_size, set_pipe_size  # noqa: E402
from publish import publish  # noqa: E402

STRINGS = {"the article's largest string": 65_514, "one character more": 65_515,
           "Bob's string": 105_656}

# region facts
page = os.sysconf("SC_PAGE_SIZE")
queue = Queue()
fd = queue._writer.fileno()
pipe = pipe_size(fd)  # a new queue's pipe, as the kernel made it
granted = [set_pipe_size(fd, pipe * k) for k in (2, 4)]  # asked to grow
largest = int(Path("/proc/sys/fs/pipe-max-size").read_text())  # user's limit
threshold = join_threshold()  # above it: the length in a write of its own
pickles = {label: len(ForkingPickler.dumps("1" * n))
           for label, n in STRINGS.items()}
# endregion


def payload(kind, n):
    return len(ForkingPickler.dumps(MAKE[kind](n)))


def longest(kind, size, header=4):
    """The most items whose frame (header + pickle) is at most `size` bytes."""
    lo, hi = 0, size  # every item costs at least a byte
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if header + payload(kind, mid) <= size else (lo, mid)
    return lo


edges = []
for size in sorted({pipe, *granted, largest}):
    for kind in MAKE:
        n = longest(kind, size)
        edges += [[kind, size, n, payload(kind, n)], [kind, size, n + 1, payload(kind, n + 1)]]

print(f"page: {page:,} bytes; a new queue's pipe: {pipe:,} bytes, {pipe // page} slots")
print(f"asked for twice and four times that, the pipe got {granted[0]:,}"
      f" and {granted[1]:,} bytes")
print(f"the largest pipe an ordinary user may ask for: {largest:,} bytes")
print(f"the length goes in a write of its own above a {threshold:,}-byte pickle")
for label, n in STRINGS.items():
    print(f"{label}: {n:,} chars, a pickle of {pickles[label]:,} bytes")
print(f"measured at the edge of each pipe size: {len(edges)} pickles of the four kinds")

publish("model_page", page, unit="bytes")
publish("model_pipe", pipe, unit="bytes")
publish("model_sizes", {"columns": ["pipe size (bytes)"],
                        "rows": [[pipe], *([g] for g in granted)]})
publish("model_sizes_2x", granted[0], unit="bytes")
publish("model_max", largest, unit="bytes")
publish("model_threshold", threshold, unit="bytes")
publish("model_strings", {"columns": ["message", "chars", "payload (bytes)"],
                          "rows": [[label, n, pickles[label]] for label, n in STRINGS.items()]})
publish("model_edges", {"columns": ["type", "pipe size (bytes)", "items", "payload (bytes)"],
                        "rows": edges})
