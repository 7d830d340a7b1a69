"""publish(): hand a value to the page that shows this snippet.

Under hangtime the engine names a file in HANGTIME_PUBLISH and every call appends
one JSON line to it (O_APPEND, so a child process may publish too). Run by hand,
the variable is absent and this does nothing: the script prints nothing extra.
"""
import json
import os


def publish(name, value, compare="exact", min=None, max=None, unit=None):
    path = os.environ.get("HANGTIME_PUBLISH")
    if not path:
        return
    record = {"name": name, "value": value, "compare": compare}
    for key, val in (("min", min), ("max", max), ("unit", unit)):
        if val is not None:
            record[key] = val
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")
