"""A hang that is not Bob's: a parent runs a tool with its output captured
(stdout=PIPE), waits for the tool to finish, and only then reads its report.
The report is bigger than a pipe holds. Expect it to hang; the page's engine
proves it from /proc and kills the whole tree. By hand:
`timeout -s KILL 5 python3 report.py` (and `python3 report.py --cure`).
"""
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from pipewatch import pipe_size  # noqa: E402
from publish import publish  # noqa: E402

LINES = 10_000  # the tool's report: one line per item


def line(i):
    return f"item {i:>5}: ok\n"


# region tool
def tool():
    print("tool: writing the report", file=sys.stderr)
    for i in range(LINES):
        sys.stdout.write(line(i))
        sys.stdout.flush()  # a write() per line, however Python buffers a pipe here
    print("tool: done", file=sys.stderr)
# endregion


# region parent
def parent():
    tool = subprocess.Popen([sys.executable, __file__, "--tool"],
                            stdout=subprocess.PIPE, text=True)
    print("parent: started the tool; waiting for it to finish")
    publish_sizes(tool)
    code = tool.wait()  # first wait for the tool to exit...
    report = tool.stdout.read()  # ...then read what it printed
    lines = len(report.splitlines())
    print(f"parent: the tool exited with {code}; {lines:,} lines")
# endregion


# region cure
def cure():
    tool = subprocess.Popen([sys.executable, __file__, "--tool"],
                            stdout=subprocess.PIPE, text=True)
    print("parent: started the tool; reading its report while it runs")
    publish_sizes(tool)
    report, _ = tool.communicate()  # reads to the end, then waits
    lines = len(report.splitlines())
    print(f"parent: the tool exited with {tool.returncode}; {lines:,} lines")
# endregion


def publish_sizes(tool):
    """For the page: how big the report is, and the pipe it has to go through."""
    size = sum(len(line(i)) for i in range(LINES))
    publish("report_bytes", size, unit="bytes")
    publish("report_pipe_bytes", pipe_size(tool.stdout.fileno()), unit="bytes")
    publish("report_lines", LINES)


if __name__ == "__main__":
    {"--tool": tool, "--cure": cure}.get(sys.argv[1] if sys.argv[1:] else "", parent)()
