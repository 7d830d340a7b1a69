"""A message on the pipe, byte by byte. Frame two small messages the way a
queue's feeder thread does (a 4-byte length, then the object pickled by
multiprocessing's own pickler) and label every byte with pickletools: which are
the length, which are pickle's wrapping (protocol, frame, memo, stop), which
are opcodes, and which are the data itself."""
import pickletools
import struct
import sys
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from publish import publish  # noqa: E402

MESSAGES = {"hi": "hi", "list": [1, 2]}

# How a length-prefixed argument stores its length (pickletools' codes for it).
SIZE_BYTES = {pickletools.TAKEN_FROM_ARGUMENT1: 1, pickletools.TAKEN_FROM_ARGUMENT4: 4,
              pickletools.TAKEN_FROM_ARGUMENT4U: 4, pickletools.TAKEN_FROM_ARGUMENT8U: 8}
WRAPPING = {"PROTO", "FRAME", "MEMOIZE", "STOP"}  # opcodes that carry no part of the value


# region frame
def frame(obj):
    body = bytes(ForkingPickler.dumps(obj))  # as the feeder thread pickles it
    return struct.pack("!i", len(body)) + body  # 4-byte big-endian length, then the pickle
# endregion


# region map
def byte_map(whole):
    """[offset, length, part, opcode, meaning] for every run of bytes of a frame.
    part is one of: length, PROTO, FRAME, MEMOIZE, STOP (wrapping), opcode,
    size (the length in front of a piece of data), data."""
    parts = [[0, 4, "length", "", f"{len(whole) - 4} bytes of pickle follow"]]
    body = whole[4:]
    ops = list(pickletools.genops(body))
    ends = [pos for _, _, pos in ops[1:]] + [len(body)]
    for (op, arg, pos), end in zip(ops, ends):
        at = 4 + pos  # offset in the whole frame
        if op.name in WRAPPING:
            meaning = {"PROTO": f"pickle protocol {arg}", "FRAME": f"{arg} bytes follow in this frame",
                       "MEMOIZE": "remember the object just built", "STOP": "end of the pickle"}
            parts.append([at, end - pos, op.name, op.name, meaning[op.name]])
            continue
        parts.append([at, 1, "opcode", op.name, op.doc.strip().splitlines()[0]])
        if end - pos > 1:  # the opcode's argument
            size = SIZE_BYTES.get(op.arg.n, 0)
            if size:
                parts.append([at + 1, size, "size", op.name, f"{end - pos - 1 - size} bytes of data follow"])
            parts.append([at + 1 + size, end - pos - 1 - size, "data", op.name, repr(arg)])
    return parts
# endregion


def main():
    protocol = None
    for key, obj in MESSAGES.items():
        whole = frame(obj)
        rows = byte_map(whole)
        protocol = next(pickletools.genops(whole[4:]))[1]  # PROTO's argument
        print(f"{obj!r}: {len(whole)} bytes on the pipe")
        print(f"{'offset':>6}  {'bytes':<27}  part")
        for offset, length, part, op, meaning in rows:
            hexes = whole[offset:offset + length].hex(" ")
            label = part if part in ("length", "size", "data") or part in WRAPPING else f"{part} {op}"
            print(f"{offset:>6}  {hexes:<27}  {label}: {meaning}")
        data = sum(r[1] for r in rows if r[2] == "data")
        print(f"  data {data} of {len(whole)} bytes\n")
        publish(f"bytemap_{key}", {"columns": ["offset", "length", "part", "opcode", "meaning"],
                                   "rows": rows})
        publish(f"bytemap_{key}_hex", whole.hex(" "))
        publish(f"bytemap_{key}_bytes", len(whole), unit="bytes")
        publish(f"bytemap_{key}_data_bytes", data, unit="bytes")
    print(f"pickle protocol used by multiprocessing here: {protocol}")
    publish("bytemap_protocol", protocol)


if __name__ == "__main__":
    main()
