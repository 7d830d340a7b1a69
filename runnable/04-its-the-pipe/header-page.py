"""Why does Bob's wall sit at exactly 65,536 bytes, when a pipe is 16 page slots?

A queue's feeder thread sends each message as a 4-byte length, then the pickle.
For a large pickle those are two write() calls, and the kernel files them into
page slots (see slots.py): the payload's odd part (its size modulo a page) joins
the header in the header's slot only if it fits there whole. This run replays the
feeder's writes by hand on a non-blocking pipe, then watches a real queue's
feeder get stuck, then shows what small messages, sent as one write, do instead.
"""
import fcntl
import os
import struct
import sys
from multiprocessing.connection import Pipe
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from pipeslots import join_threshold, write_into  # noqa: E402  (the slot rule, runnable/lib)
from queuewatch import bytes_in_pipe, stuck_queue  # noqa: E402
from publish import publish  # noqa: E402

F_GETPIPE_SZ = 1032
PAGE = os.sysconf("SC_PAGE_SIZE")
BOB = 105_656  # the length of Bob's string
LARGEST = 65_514  # the article's largest string that passes
SMALL = 2_500  # a small message: its frame is a little over half a page


def payload(chars):
    return bytes(ForkingPickler.dumps("1" * chars))  # what the feeder pickles


# region threshold
def writes_for(size):
    """The write() calls a Connection makes to send `size` bytes, recorded."""
    reader, writer = Pipe(duplex=False)  # the kind of pipe a Queue has
    calls = []
    real_send = writer._send
    writer._send = lambda buf: (calls.append(len(buf)), real_send(buf))
    writer.send_bytes(b"x" * size)
    reader.recv_bytes()
    reader.close()
    writer.close()
    return calls
# endregion


# region by-hand
def replay(chars):
    """Write one message's header, then its payload, the way the feeder does,
    into a fresh non-blocking pipe that nobody reads."""
    body = payload(chars)
    r, w = os.pipe()
    os.set_blocking(w, False)
    slots = fcntl.fcntl(w, F_GETPIPE_SZ) // PAGE
    os.write(w, struct.pack("!i", len(body)))  # the 4-byte length
    after_header = bytes_in_pipe(r)
    try:
        taken = os.write(w, body)  # a blocking write copies this much, then waits
    except BlockingIOError:
        taken = 0
    held = bytes_in_pipe(r)
    model = []  # the same two writes, by the slot rule
    write_into(model, 4, PAGE, slots)
    predicted = write_into(model, len(body), PAGE, slots)
    os.close(r)
    os.close(w)
    return body, after_header, taken, held, predicted
# endregion


def largest_by_rule(threshold, slots):
    """By the slot rule alone: which payloads, sent after their own 4-byte header
    into an empty pipe, fit whole? Returns the largest, and whether every payload
    from the threshold up to it fits too (so that the wall is one clean edge)."""
    fits = []
    for n in range(threshold + 1, slots * PAGE + 1):
        model = []
        write_into(model, 4, PAGE, slots)
        fits.append(write_into(model, n, PAGE, slots) == n)
    largest = threshold + len(fits) - fits[::-1].index(True)
    return largest, all(fits[: largest - threshold])




def fresh_pipe_slots():
    r, w = os.pipe()
    slots = fcntl.fcntl(w, F_GETPIPE_SZ) // PAGE
    os.close(r)
    os.close(w)
    return slots


def main():
    threshold = join_threshold()
    small_calls = writes_for(threshold)
    large_calls = writes_for(threshold + 1)
    print(f"page: {PAGE:,} bytes")
    print(f"one write for header and payload up to a {threshold:,}-byte payload:")
    print(f"  send {threshold:,} bytes: write() calls of {small_calls} bytes")
    print(f"  send {threshold + 1:,} bytes: write() calls of {large_calls} bytes")
    print()

    cases = {"largest": LARGEST, "one_more": LARGEST + 1, "bob": BOB}
    labels = {"largest": "the article's largest string", "one_more": "one character more",
              "bob": "Bob's string"}
    rows = []
    for key, chars in cases.items():
        body, after_header, taken, held, predicted = replay(chars)
        odd = len(body) % PAGE
        joins = odd and 4 + odd <= PAGE
        left = len(body) - taken
        print(f"{labels[key]}: {chars:,} chars")
        print(f"  payload {len(body):,} bytes = {len(body) // PAGE} pages + {odd:,}")
        print(f"  write(header, 4)  -> pipe holds {after_header}")
        print(f"  write(payload)    -> kernel took {taken:,} (rule: {predicted:,})")
        print(f"  pipe holds {held:,}; the odd part "
              + ("joins the header's slot" if joins else "does not fit beside the header"))
        print(f"  left to write: {left:,}" + (" (the whole frame is in)" if left == 0 else ""))
        rows.append([labels[key], chars, len(body), odd, bool(joins), held, left, taken == predicted])
        publish(f"hp_{key}_frame", 4 + len(body), unit="bytes")
        publish(f"hp_{key}_payload", len(body), unit="bytes")
        publish(f"hp_{key}_odd", odd, unit="bytes")
        publish(f"hp_{key}_taken", taken, unit="bytes")
        publish(f"hp_{key}_held", held, unit="bytes")
        publish(f"hp_{key}_left", left, unit="bytes")
    rule_largest, no_gaps = largest_by_rule(threshold, fresh_pipe_slots())
    print("by the rule, the largest payload that fits after its header:")
    print(f"  {rule_largest:,} (frame {4 + rule_largest:,}); every payload from "
          f"{threshold + 1:,} up to it fits: {'yes' if no_gaps else 'no'}")
    print()

    # The same, from a real queue's feeder thread: Bob's message, and small ones.
    bob_held, _, wchan = stuck_queue(["1" * BOB])
    print("a real queue, Bob's message:")
    print(f"  the feeder is stuck ({wchan}) with {bob_held:,} bytes in the pipe")
    small_frame = 4 + len(payload(SMALL))
    small_held, capacity, _ = stuck_queue(["1" * SMALL] * 40)
    print(f"a real queue, 40 messages of {SMALL:,} chars:")
    print(f"  {small_frame:,}-byte frames, one write each")
    print(f"  stuck with {small_held:,} bytes in the pipe = {small_held // small_frame} messages")
    print(f"  (counting bytes, {capacity // small_frame} would fit)")

    publish("hp_page_size", PAGE, unit="bytes")
    publish("hp_join_threshold", threshold, unit="bytes")
    publish("hp_writes_at_threshold", small_calls)
    publish("hp_writes_above_threshold", large_calls)
    publish("hp_table", {"columns": ["message", "chars", "payload (bytes)", "odd part",
                                     "joins the header", "pipe holds", "left to write",
                                     "as the rule says"],
                         "rows": rows})
    publish("hp_rule_largest_payload", rule_largest, unit="bytes")
    publish("hp_rule_largest_frame", 4 + rule_largest, unit="bytes")
    publish("hp_rule_no_gaps", no_gaps)
    publish("hp_queue_bob_held", bob_held, unit="bytes")
    publish("hp_feeder_wchan", wchan, compare="shape")
    publish("hp_small_chars", SMALL)
    publish("hp_small_frame", small_frame, unit="bytes")
    publish("hp_small_held", small_held, unit="bytes")
    publish("hp_small_messages", small_held // small_frame)
    publish("hp_small_by_bytes", capacity // small_frame)


if __name__ == "__main__":
    main()
