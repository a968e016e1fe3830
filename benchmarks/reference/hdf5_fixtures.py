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

# libver='latest' structures a user's re-save can produce (HDF5 1.10, Debian's python3-h5py), one file each so a reader
# that refuses one structure still reads the rest. Chunk indexes of the version 4 data layout message:
#   single chunk (chunks == shape, maxshape == shape), implicit (early allocation, no filter; low-level API only),
#   fixed array (maxshape == shape, several chunks; > 1024 chunks pages the array), extensible array (one unlimited
#   axis), version 2 B-tree (two unlimited axes) -- each unfiltered and with gzip + shuffle (filtered records carry the
#   chunk's stored size and filter mask); beside each, "expected" holds the same values stored contiguously. Dense storage: a group of more than 8 links and an object of more than 8
#   attributes keep them in a fractal heap indexed by a version 2 B-tree.
a = np.arange(35, dtype=np.float32).reshape(5, 7) / 8
big = (np.arange(64 * 64, dtype=np.float32).reshape(64, 64) - 2000) / 16
long = np.linspace(-3, 3, 300 * 3, dtype=np.float32).reshape(300, 3)
wide = np.arange(30 * 40, dtype=np.float64).reshape(30, 40) / 7
layouts = {
    "single": lambda g, **z: g.create_dataset("d", data=a, chunks=(5, 7), **z),
    "fixed": lambda g, **z: g.create_dataset("d", data=a, chunks=(2, 3), **z),
    "fixed_paged": lambda g, **z: g.create_dataset("d", data=big, chunks=(1, 2), **z),
    "extensible": lambda g, **z: g.create_dataset("d", data=long, chunks=(2, 3), maxshape=(None, 3), **z),
    "btree2": lambda g, **z: g.create_dataset("d", data=wide, chunks=(2, 3), maxshape=(None, None), **z),
}
for key, make in layouts.items():
    for suffix, filters in (("", {}), ("_gzip", {"compression": "gzip", "shuffle": True})):
        with h5py.File(os.path.join(here, f"v4_{key}{suffix}.h5"), "w", libver="latest") as f:
            d = make(f, **filters)
            f.create_dataset("expected", data=d[()])  # contiguous: what the test compares "d" with

with h5py.File(os.path.join(here, "v4_implicit.h5"), "w", libver="latest") as f:
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_chunk((2, 3))
    dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)
    space = h5py.h5s.create_simple((5, 7))
    ds = h5py.h5d.create(f.id, b"d", h5py.h5t.IEEE_F32LE, space, dcpl=dcpl)
    ds.write(h5py.h5s.ALL, h5py.h5s.ALL, a)
    f.create_dataset("expected", data=a)

with h5py.File(os.path.join(here, "dense.h5"), "w", libver="latest") as f:
    g = f.create_group("layers")
    for i in range(40):
        g.create_dataset(f"dense_{i}" if i else "dense", data=np.full((2, 2), i, dtype=np.float32))
    for i in range(12):
        f.attrs[f"attribute_{i}"] = f"value {i}"
    f.attrs["names"] = np.array([b"conv2d", b"dense_1"], dtype="S7")
print("wrote the libver='latest' layout fixtures")

# Keras files re-saved with libver='latest', object by object (groups, datasets with their dtype, attributes), as a
# user's h5py script would: tests/keras/vision_latest.keras (vision.keras with its model.weights.h5 rewritten: its
# 'layers' group has more than 8 members, so it is dense) and tests/keras/legacy_bn_latest.h5 (legacy_bn.h5).
import io
import zipfile

keras_dir = os.path.join(os.path.dirname(here), "..", "..", "keras")


def resave(src, dst):
    def copy(a, b):
        for k, v in a.attrs.items():
            b.attrs[k] = v
        for name, item in a.items():
            if isinstance(item, h5py.Group):
                copy(item, b.create_group(name))
            else:
                copy_attrs = b.create_dataset(name, data=item[()], dtype=item.dtype)
                for k, v in item.attrs.items():
                    copy_attrs.attrs[k] = v
    with h5py.File(src, "r") as a, h5py.File(dst, "w", libver="latest") as b:
        copy(a, b)


with zipfile.ZipFile(os.path.join(keras_dir, "vision.keras")) as z, \
        zipfile.ZipFile(os.path.join(keras_dir, "vision_latest.keras"), "w", zipfile.ZIP_DEFLATED) as out:
    for item in z.infolist():
        data = z.read(item.filename)
        if item.filename == "model.weights.h5":
            source, target = io.BytesIO(data), io.BytesIO()
            resave(source, target)
            data = target.getvalue()
        out.writestr(zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0)), data)
resave(os.path.join(keras_dir, "legacy_bn.h5"), os.path.join(keras_dir, "legacy_bn_latest.h5"))
print("wrote the re-saved Keras files")

# HDF5 structures GenNet's reader refuses, each inside a [KerasModel] file (tests/keras/unsupported_*.h5: legacy_mlp.h5
# re-saved with libver='latest' and one change), so KerasImportTests can check each is GN0423 naming the structure:
#   unsupported_lzf.h5          the first kernel compressed with h5py's lzf filter (HDF5 filter 32000)
#   unsupported_shared_type.h5  the first kernel's datatype committed to the file (a shared datatype message)
#   unsupported_huge_attr.h5    model_config as a fixed-length string padded past 64 KiB: libver='latest' keeps it in
#                               dense attribute storage, a huge fractal heap object
#   dense_latest.h5             reads as legacy_mlp.h5 does: root attributes dense (more than 8), the first kernel's
#                               chunks in an extensible array; the test patches its fractal heap header to claim filters
#                               and its extensible array header to page its data blocks (h5py cannot write either)
import json


def resave_with(src, dst, kernel=None, root_extra=None, config_pad=0):
    def copy(a, b):
        for name, item in a.items():
            if isinstance(item, h5py.Group):
                g = b.create_group(name)
                copy(item, g)
                for k, v in item.attrs.items():
                    g.attrs[k] = v
            elif kernel is not None and item.name == "/model_weights/dense/dense/kernel:0":
                kernel(b, name, item[()])
            else:
                b.create_dataset(name, data=item[()], dtype=item.dtype)
    with h5py.File(src, "r") as a, h5py.File(dst, "w", libver="latest") as b:
        copy(a, b)
        for k, v in a.attrs.items():
            if k == "model_config" and config_pad:
                v = np.bytes_((json.dumps(json.loads(v)) + " " * config_pad).encode())  # fixed length: stored in the heap itself
            b.attrs[k] = v
        for k, v in (root_extra or {}).items():
            b.attrs[k] = v


mlp = os.path.join(keras_dir, "legacy_mlp.h5")
resave_with(mlp, os.path.join(keras_dir, "unsupported_lzf.h5"),
            kernel=lambda g, n, v: g.create_dataset(n, data=v, chunks=v.shape, compression="lzf"))


def shared_type(g, n, v):
    g.file["float32_type"] = np.dtype("<f4")  # a committed (named) datatype
    g.create_dataset(n, data=v, dtype=g.file["float32_type"])


resave_with(mlp, os.path.join(keras_dir, "unsupported_shared_type.h5"), kernel=shared_type)
resave_with(mlp, os.path.join(keras_dir, "unsupported_huge_attr.h5"), config_pad=70 * 1024)
resave_with(mlp, os.path.join(keras_dir, "dense_latest.h5"),
            kernel=lambda g, n, v: g.create_dataset(n, data=v, chunks=(1, 1), maxshape=(None, 5)),  # 20 chunks: 4 in the index block, 16 in a data block
            root_extra={f"note_{i}": f"attribute {i}" for i in range(9)})
print("wrote the unsupported-structure Keras files")
