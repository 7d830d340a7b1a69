"""A multiprocessing queue's feeder thread, watched from inside its own process (Linux only).

stuck_queue() puts messages on a new queue that nobody reads, waits until the
queue's feeder thread sleeps in the kernel's pipe write (its wait channel, read
from /proc/self/task/TID/wchan), counts the bytes the pipe then holds (the FIONREAD
ioctl), and reads everything back so that the feeder can finish.
"""
import fcntl
import struct
import termios
import time
from multiprocessing import Queue

from pipewatch import pipe_size


def bytes_in_pipe(fd):
    """Bytes waiting in the pipe behind fd (the FIONREAD ioctl)."""
    return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]


def feeder_wait(queue):
    """Where a queue's feeder thread (in this process) sleeps: its wait channel, a
    kernel function whose name ends in pipe_write while it waits in the pipe's write."""
    with open(f"/proc/self/task/{queue._thread.native_id}/wchan") as f:
        return f.read()


def stuck_queue(messages, poll=0.001):
    """Put messages on a new queue that nobody reads; once its feeder thread is
    stuck writing, count the bytes in the pipe. Then read everything, so that the
    feeder ends. Returns (bytes the pipe held, the pipe's size, the feeder's wait channel)."""
    queue = Queue()
    capacity = pipe_size(queue._reader.fileno())
    for message in messages:
        queue.put(message)
    while "pipe_write" not in (wchan := feeder_wait(queue)):
        time.sleep(poll)
    held = bytes_in_pipe(queue._reader.fileno())
    for _ in messages:
        queue.get()
    queue.close()
    queue.join_thread()
    return held, capacity, wchan
