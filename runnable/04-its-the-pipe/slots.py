"""Does a pipe hold 65,536 bytes, or 16 pages? Fill a fresh pipe with writes of
one size until the kernel refuses (EAGAIN), for several sizes, and count what got
in. Then predict every row from one rule, and see whether the rule is enough.

The rule (Linux's pipe_write): a pipe is a ring of slots of one page each. A
write first tries to put its odd part (size modulo a page) into the last slot,
and only if that part fits there whole; everything else goes into fresh slots,
a page at a time. When no slot is free, a non-blocking write stops: it returns
what it managed to copy, or fails with EAGAIN if that was nothing.
"""
import fcntl
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from pipeslots import write_into  # noqa: E402  (the slot rule, runnable/lib/pipeslots.py)
from publish import publish  # noqa: E402

F_GETPIPE_SZ = 1032  # fcntl command (Linux); Python 3.11's fcntl has no name for it
PAGE = os.sysconf("SC_PAGE_SIZE")
SIZES = (1, 100, 1_000, 2_048, 3_000, 4_096, 4_097, 5_000, 65_536)


# region measure
def measure(size):
    """Non-blocking writes of `size` bytes into a fresh pipe until EAGAIN."""
    r, w = os.pipe()
    os.set_blocking(w, False)  # a write that would have to wait fails instead
    capacity = fcntl.fcntl(w, F_GETPIPE_SZ)
    chunk = b"x" * size
    writes = held = 0
    try:
        while True:
            n = os.write(w, chunk)  # may copy only part of the chunk
            writes += 1
            held += n
    except BlockingIOError:  # EAGAIN: not one more byte fits
        pass
    os.close(r)
    os.close(w)
    return writes, held, capacity
# endregion


# region rule
def predict(size, page, count):
    """(writes that copied something, bytes held) for a fresh pipe of `count` slots."""
    slots, writes, held = [], 0, 0
    while True:
        n = write_into(slots, size, page, count)
        if n == 0:
            return writes, held  # this write would get EAGAIN
        writes += 1
        held += n
# endregion


def main():
    rows = []
    capacities = []
    print(f"page: {PAGE:,} bytes")
    print(f"{'write':>7} | {'measured':^20} | {'predicted':^20} | by bytes")
    print(f"{'(bytes)':>7} | {'writes':>7} {'bytes held':>12} | {'writes':>7} {'bytes held':>12} | writes")
    for size in SIZES:
        writes, held, capacity = measure(size)
        capacities.append(capacity)
        # region predict
        p_writes, p_held = predict(size, PAGE, capacity // PAGE)
        ok = (writes, held) == (p_writes, p_held)
        # endregion
        by_bytes = capacity // size  # whole writes, if the pipe were 65,536 loose bytes
        print(f"{size:>7,} | {writes:>7,} {held:>12,} | {p_writes:>7,} {p_held:>12,} | "
              f"{by_bytes:>6,}  {'as predicted' if ok else 'MISSED'}")
        rows.append([size, writes, held, p_writes, p_held, ok, by_bytes])
    capacity = capacities[0]
    if len(set(capacities)) > 1:  # the user's pipe budget can shrink a new pipe
        print(f"note: fresh pipes differed in size: {sorted(set(capacities))}")
    all_ok = all(row[5] for row in rows)
    print(f"a fresh pipe: {capacity:,} bytes = {capacity // PAGE} slots of one page")
    print(f"the slot rule predicts every row: {'yes' if all_ok else 'no'}")

    publish("slots_page_size", PAGE, unit="bytes")
    publish("slots_pipe_bytes", capacity, unit="bytes")
    publish("slots_count", capacity // PAGE)
    publish("slots_table", {
        "columns": ["write (bytes)", "writes", "bytes held", "predicted writes",
                    "predicted bytes", "as predicted", "writes, if loose bytes"],
        "rows": rows,
    })
    publish("slots_all_predicted", all_ok)
    for size, writes, held, *_ in rows:  # single cells, for the prose
        publish(f"slots_writes_{size}", writes)
        publish(f"slots_held_{size}", held, unit="bytes")


if __name__ == "__main__":
    main()
