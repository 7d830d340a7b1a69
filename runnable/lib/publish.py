"""publish(): hand a value to the page that shows this snippet.

Under hangtime the engine names a file in HANGTIME_PUBLISH and every call appends
one JSON line to it (O_APPEND, so a child process may publish too). Run by hand,
the variable is absent and this does nothing: the script prints nothing extra.

compare says how `hangtime verify` checks the value against its frozen copy:
"exact", "range" (within min/max), "shape" (types and keys only) or "order"
(for a dict or list of numbers: which one is larger, e.g. processes > threads).
quiet=True marks a measurement that means something only on a quiet machine:
when the machine was busy, the page shows a note in its place and verify does
not compare it.
"""
import json
import os


def publish(name, value, compare="exact", min=None, max=None, unit=None, quiet=None):
    path = os.environ.get("HANGTIME_PUBLISH")
    if not path:
        return
    record = {"name": name, "value": value, "compare": compare}
    for key, val in (("min", min), ("max", max), ("unit", unit), ("quiet", quiet)):
        if val is not None:
            record[key] = val
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")
