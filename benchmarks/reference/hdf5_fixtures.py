"""Small HDF5 files written by h5py for GenNet's HDF5 reader tests (tests/GenNet.Runtime.Tests/Serialization/Hdf5).

latest.h5: libver='latest' (superblock v3, object headers v2, compact link messages), a chunked float32 dataset with
gzip+shuffle, a chunked float64 one with edge chunks, a contiguous one, fixed and variable-length string attributes.
earliest.h5: the same content with h5py's default (superblock v0, v1 headers, symbol tables).
Run: /usr/bin/python3 benchmarks/reference/hdf5_fixtures.py
"""
import os
import h5py
import numpy as np

here = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                    "tests", "GenNet.Runtime.Tests", "Serialization", "Hdf5")
for name, libver in (("latest.h5", "latest"), ("earliest.h5", "earliest")):
    with h5py.File(os.path.join(here, name), "w", libver=libver) as f:
        g = f.create_group("layers/dense/vars")
        g.create_dataset("0", data=np.arange(35, dtype=np.float32).reshape(5, 7) / 8, chunks=(2, 3), compression="gzip", shuffle=True)
        g.create_dataset("1", data=np.linspace(-1, 1, 10, dtype=np.float64), chunks=(4,))
        f.create_dataset("plain", data=np.array([[1.5, -2.25], [3.0, 4.0]], dtype=np.float32))
        f.attrs["text"] = "hello, variable length"
        f.attrs["names"] = np.array([b"conv2d", b"dense_1"], dtype="S7")
print("wrote", here)

# cyclic.h5: a hard link from a group to its own ancestor (legal HDF5; a walk must notice it).
with h5py.File(os.path.join(here, "cyclic.h5"), "w") as f:
    f.create_group("a/b")
    f["a/b/up"] = f["a"]
