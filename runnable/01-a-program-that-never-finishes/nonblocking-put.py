"""Does put(..., block=False) keep Bob's child from getting stuck?

Run Bob's child twice, once with block=True and once with block=False: time the
put(), then look at the child from outside. If block=False meant "never wait",
the second child would exit. The parent reads the queue at the end, so that
this script itself always finishes.
"""
import multiprocessing as mp
import queue
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from pipewatch import wait_exited_or_blocked  # noqa: E402
from publish import publish  # noqa: E402

MESSAGE_CHARS = 105_656  # Bob's string


# region child
def worker(q, block, put_ms, returned):
    data = "1" * MESSAGE_CHARS
    started = time.perf_counter()
    q.put(data, block=block)  # Bob's line, with either flag
    put_ms.value = (time.perf_counter() - started) * 1000
    returned.set()  # the parent reports; the child prints nothing
# endregion


# region try
def run_child(block):
    q = mp.Queue()  # unbounded, as in Bob's program
    put_ms, returned = mp.Value("d", -1.0), mp.Event()
    child = mp.Process(target=worker, args=(q, block, put_ms, returned))
    child.start()
    returned.wait()  # put() has returned in the child
    verdict = wait_exited_or_blocked(child)  # exited, or its feeder sleeps in a pipe write
    q.get()  # now read the message, so the child can finish and this script ends
    child.join()
    return put_ms.value, verdict
# endregion


def main():
    results = {}
    for block in (True, False):
        took, verdict = run_child(block)
        results[block] = (took, verdict)
        print(f"put(..., block={block}): returned after {took:.2f} ms")
        print("  then the child " + ("exited" if verdict == "exited" else
                                     "could not exit: its feeder sleeps in the pipe write"))

    # region what-block-means
    # What block=False does decide: whether put() may wait for room *in the count*
    # of a bounded queue. An unbounded queue's count never fills up.
    unbounded = mp.Queue()
    limit = unbounded._maxsize  # the count limit an unbounded queue gets
    bounded = mp.Queue(maxsize=1)
    bounded.put("first")
    try:
        bounded.put("second", block=False)
        full = False
    except queue.Full:
        full = True
    # endregion
    print(f"unbounded queue: put() would wait only after {limit:,} messages")
    print(f"maxsize=1, one message in: put(block=False) raises queue.Full: {full}")
    bounded.get()
    for q in (unbounded, bounded):
        q.close()
        q.join_thread()

    same = results[True][1] == results[False][1]
    print(f"block=False changed the outcome: {'no' if same else 'yes'}")
    publish("nbput_ms_block_true", round(results[True][0], 2), compare="range", min=0, max=100,
            unit="ms")
    publish("nbput_ms_block_false", round(results[False][0], 2), compare="range", min=0, max=100,
            unit="ms")
    publish("nbput_child_block_true", results[True][1])
    publish("nbput_child_block_false", results[False][1])
    publish("nbput_same_outcome", same)
    publish("nbput_unbounded_limit", limit)
    publish("nbput_full_raised", full)


if __name__ == "__main__":
    main()
