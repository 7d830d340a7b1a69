"""The page-slot rule of a Linux pipe, and how a multiprocessing queue writes a message.

A pipe is a ring of slots of one page each (16 by default). A write first tries to
put its odd part (its size modulo a page) into the last used slot, and only if
that part fits there whole; everything else goes into fresh slots, a page at a
time. When no slot is free, a writer stops: it has copied what it could.
(Linux's pipe_write; chapter 4's slots.py checks the rule against a real pipe.)

A queue's feeder sends each message as a 4-byte length, then the pickle: as one
write() up to a size this Python decides (its "join threshold"), as two above it.
"""
import inspect
import re
from multiprocessing.connection import Connection

HEADER = 4  # the length in front of every message


# region rule
def write_into(slots, n, page, count):
    """Copy an n-byte write into a pipe whose used slots hold the byte counts in
    `slots`; return how many bytes the kernel accepts."""
    done = 0
    odd = n % page
    if odd and slots and slots[-1] + odd <= page:  # the odd part fits the last slot whole
        slots[-1] += odd
        done = odd
    while done < n and len(slots) < count:  # the rest: fresh slots, a page at a time
        part = min(page, n - done)
        slots.append(part)
        done += part
    return done
# endregion


# region threshold
def join_threshold():
    """The payload size above which Connection._send_bytes writes the header and
    the payload separately, read from this Python's own source."""
    source = inspect.getsource(Connection._send_bytes)
    after_header = source.split('header = struct.pack("!i", n)', 1)[1]  # the usual case
    return int(re.search(r"if n > (\w+):", after_header).group(1), 0)
# endregion


def feeder_writes(payload, threshold):
    """The write() sizes the feeder makes for one pickle of `payload` bytes."""
    return [HEADER + payload] if payload <= threshold else [HEADER, payload]


def messages_fit(payloads, threshold, page, count):
    """Do these messages, written in order into an empty pipe nobody reads, all get
    in whole? Returns (fits, bytes the pipe holds when the writer stops or ends)."""
    slots, held = [], 0
    for payload in payloads:
        for n in feeder_writes(payload, threshold):
            taken = write_into(slots, n, page, count)
            held += taken
            if taken < n:
                return False, held
    return True, held
