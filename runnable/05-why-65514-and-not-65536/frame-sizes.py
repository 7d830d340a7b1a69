"""What does one message cost on the pipe? Take the article's four maxima,
build each message, and frame it the way multiprocessing does: a 4-byte length,
then the object pickled by multiprocessing's own pickler. Then take the pickle
apart, opcode by opcode, to see which bytes are data and which are wrapping."""
import pickletools
import struct
import sys
from collections import Counter
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from publish import publish  # noqa: E402
from messages import ARTICLE_MAXIMA, MAKE  # noqa: E402


# region frame
def frame(obj):
    body = bytes(ForkingPickler.dumps(obj))  # what the feeder thread pickles
    header = struct.pack("!i", len(body))  # 4 bytes, big-endian: the body's length
    return header + body
# endregion


# region anatomy
def anatomy(obj, body):
    """Split a pickle's bytes into data (the values themselves) and wrapping,
    and name the opcode each wrapping byte belongs to."""
    ops = list(pickletools.genops(body))
    ends = [pos for _, _, pos in ops[1:]] + [len(body)]
    sizes = Counter()
    for (op, _, pos), end in zip(ops, ends):
        sizes[op.name] += end - pos
    if isinstance(obj, str):  # one BINUNICODE: opcode, 4-byte length, characters
        data_op, data = "BINUNICODE", len(obj.encode("utf-8"))
    else:  # one BININT1, BINFLOAT or NEWTRUE per item: the biggest share
        data_op = max(sizes, key=sizes.get)
        data = sizes[data_op]
    sizes[data_op] -= data
    return data, {name: size for name, size in sizes.items() if size}
# endregion


def main():
    rows = []
    for kind, n in ARTICLE_MAXIMA.items():
        obj = MAKE[kind](n)
        whole = frame(obj)
        data, wrapping_ops = anatomy(obj, whole[4:])
        wrapping = sum(wrapping_ops.values())
        print(f"{kind} x {n:,}: a frame of {len(whole):,} bytes")
        print(f"  = 4 length + {data:,} data ({data // n} per item) + {wrapping} wrapping")
        print("  wrapping: " + ", ".join(f"{op} {size}" for op, size in wrapping_ops.items()))
        rows.append([kind, n, len(whole), 4, data, wrapping])
        publish(f"frame_{kind}", len(whole), unit="bytes")
        publish(f"wrapping_{kind}", wrapping, unit="bytes")
        publish(f"data_each_{kind}", data // n, unit="bytes")
    publish("frame_table", {"columns": ["type", "article's maximum", "frame (bytes)",
                                         "length header", "data", "pickle's wrapping"], "rows": rows})


if __name__ == "__main__":
    main()
