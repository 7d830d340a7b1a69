"""The cure for Bob's program: read everything a child will send before
waiting for the child to end. Three workers this time, each sending a
message far bigger than the pipe; the parent knows how many to expect."""
from multiprocessing import Process, Queue

SIZE = 105_656  # Bob's string, for each worker


def worker(q, number):
    q.put((number, "1" * SIZE))  # returns at once; the feeder thread writes


# region drain
def main():
    q = Queue()
    workers = [Process(target=worker, args=(q, n)) for n in range(3)]
    for p in workers:
        p.start()
    results = [q.get() for _ in workers]  # first drain: one message per worker
    for p in workers:
        p.join()  # then join: every feeder thread has finished writing
    for number, text in sorted(results):
        print(f"from worker {number}: {len(text):,} characters")
    print("all joined")
# endregion


if __name__ == "__main__":
    main()
