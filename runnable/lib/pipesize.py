"""pipe_size(): how many bytes the kernel lets a pipe hold before a writer must wait.

Asked of the kernel with fcntl(F_GETPIPE_SZ); never assumed. A multiprocessing
queue keeps its pipe in private attributes (_reader, _writer): queue_pipe_size()
looks there, because that pipe is the one that fills up.
"""
import fcntl

# fcntl names it from Python 3.10 on; 1032 is its number on Linux.
F_GETPIPE_SZ = getattr(fcntl, "F_GETPIPE_SZ", 1032)


def pipe_size(fd):
    return fcntl.fcntl(fd, F_GETPIPE_SZ)


def queue_pipe_size(queue):
    return pipe_size(queue._writer.fileno())


def publish_pipe_size(name):
    """Publish the capacity a fresh queue's pipe gets in this run (same kernel, same
    user, same moment as the queue the snippet is about to make)."""
    import multiprocessing as mp

    from publish import publish

    probe = mp.Queue()
    publish(name, queue_pipe_size(probe), unit="bytes")
    probe.close()
