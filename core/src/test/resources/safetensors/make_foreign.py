"""Writes foreign.safetensors with numpy, independently of modeconn's writer.

The safetensors layout: 8-byte little-endian header length, a JSON header, then raw little-endian
tensor data. Values are chosen so that the Java test can recompute them: tensor k holds
(i - 3) * 0.5 for i = 0 .. n-1, in its own dtype. The header lists the tensors in an order that
differs from their data order, and carries __metadata__, as files from other writers may.
Run: python3 make_foreign.py   (numpy needed; the output is committed next to this script)
"""
import json
import struct

import numpy as np

tensors = [
    ("embeddings.weight", np.float32, [2, 3]),
    ("layer.0.half", np.float16, [4]),
    ("layer.0.bf16", None, [2, 2]),  # bfloat16: numpy has none, so the top 16 bits of float32
    ("layer.0.double", np.float64, [3]),
    ("position_ids", np.int64, [1, 5]),
    ("counts", np.int32, [2]),
]

header = {"__metadata__": {"format": "pt", "writer": "numpy"}}
blobs = []
offset = 0
for name, dtype, shape in tensors:
    n = int(np.prod(shape))
    values = (np.arange(n) - 3) * 0.5
    if dtype is None:
        raw = (values.astype("<f4").view("<u4") >> 16).astype("<u2").tobytes()
        tag = "BF16"
    elif np.issubdtype(dtype, np.integer):
        raw = (np.arange(n) - 3).astype(np.dtype(dtype).newbyteorder("<")).tobytes()
        tag = {np.int64: "I64", np.int32: "I32"}[dtype]
    else:
        raw = values.astype(np.dtype(dtype).newbyteorder("<")).tobytes()
        tag = {np.float32: "F32", np.float16: "F16", np.float64: "F64"}[dtype]
    header[name] = {"dtype": tag, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
    blobs.append(raw)
    offset += len(raw)

# Reverse the header's key order: readers must go by offsets, not by header order.
ordered = {"__metadata__": header.pop("__metadata__")}
for key in reversed(list(header)):
    ordered[key] = header[key]
text = json.dumps(ordered).encode("utf-8")
with open("foreign.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(text)))
    f.write(text)
    for raw in blobs:
        f.write(raw)
