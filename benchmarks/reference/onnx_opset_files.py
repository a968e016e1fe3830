"""Writes ONNX files of opsets 18-21 for the [OnnxModel] import tests (tests/onnx/opset*.onnx, bad_opset*.onnx).

Debian's torch 1.13 exports at most opset 17, and the onnx Python package is not installed here, so this script encodes
the protobuf itself (Python's standard library + NumPy), following onnx/onnx.proto (ModelProto, GraphProto, NodeProto,
AttributeProto, TensorProto, ValueInfoProto) and the operator changelog for the forms that changed at opset 18 and later:
ReduceMean/ReduceMax take their axes as input 1 (18), Pad takes an axes input (18), Resize gains antialias, axes and
keep_aspect_ratio_policy (18) and coordinate_transformation_mode half_pixel_symmetric (19), AveragePool gains dilations
(19), Pad gains mode wrap (19), Gelu is an op (20), Reshape/Flatten/Constant and BatchNormalization carry on into 21.

    /usr/bin/python3 benchmarks/reference/onnx_opset_files.py

Expected outputs are not written: the runtime tests run each importable file in ONNX Runtime (which runs opset 21) and
compare. The files are checked in (a few KB each), so CI needs no Python.
"""
import os
import struct

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "onnx")
rng = np.random.default_rng(18)
IR_VERSION = {17: 8, 18: 8, 19: 9, 20: 9, 21: 10}  # the IR version each opset was released with


# --- protobuf wire format (https://protobuf.dev/programming-guides/encoding/) ---------------------------------------

def varint(v):
    v &= (1 << 64) - 1  # int64 as two's complement
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(field, wire):
    return varint((field << 3) | wire)


def f_varint(field, v):
    return key(field, 0) + varint(v)


def f_bytes(field, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return key(field, 2) + varint(len(data)) + data


def f_float(field, v):
    return key(field, 5) + struct.pack("<f", v)


# --- ONNX messages (field numbers from onnx.proto) ---------------------------------------------------------------------

FLOAT, INT64 = 1, 7
A_FLOAT, A_INT, A_STRING, A_TENSOR, A_FLOATS, A_INTS = 1, 2, 3, 4, 6, 7


def tensor(name, array):
    array = np.asarray(array)
    data_type = INT64 if array.dtype.kind in "iu" else FLOAT
    array = array.astype(np.int64 if data_type == INT64 else np.float32)
    body = b"".join(f_varint(1, d) for d in array.shape) + f_varint(2, data_type) + f_bytes(8, name)
    return body + f_bytes(9, array.astype("<i8" if data_type == INT64 else "<f4").tobytes())


def attribute(name, value):
    body = f_bytes(1, name)
    if isinstance(value, float):
        return body + f_float(2, value) + f_varint(20, A_FLOAT)
    if isinstance(value, int):
        return body + f_varint(3, value) + f_varint(20, A_INT)
    if isinstance(value, str):
        return body + f_bytes(4, value) + f_varint(20, A_STRING)
    if isinstance(value, list) and all(isinstance(v, int) for v in value):
        return body + b"".join(f_varint(8, v) for v in value) + f_varint(20, A_INTS)
    raise TypeError(value)


def node(op, inputs, outputs, name, **attributes):
    body = b"".join(f_bytes(1, i) for i in inputs) + b"".join(f_bytes(2, o) for o in outputs) + f_bytes(3, name) + f_bytes(4, op)
    return body + b"".join(f_bytes(5, attribute(k, v)) for k, v in attributes.items())


def value_info(name, dims):
    dim = b"".join(f_bytes(1, f_bytes(2, d) if isinstance(d, str) else f_varint(1, d)) for d in dims)
    tensor_type = f_varint(1, FLOAT) + f_bytes(2, dim)
    return f_bytes(1, name) + f_bytes(2, f_bytes(1, tensor_type))


def model(opset, nodes, initializers, input_dims, output_dims):
    graph = b"".join(f_bytes(1, n) for n in nodes) + f_bytes(2, "g")
    graph += b"".join(f_bytes(5, tensor(k, v)) for k, v in initializers.items())
    graph += f_bytes(11, value_info("x", ["batch"] + input_dims)) + f_bytes(12, value_info("y", ["batch"] + output_dims))
    opset_import = f_bytes(1, "") + f_varint(2, opset)
    return f_varint(1, IR_VERSION[opset]) + f_bytes(2, "onnx_opset_files.py") + f_bytes(7, graph) + f_bytes(8, opset_import)


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    print(name, len(data), "bytes")


def w(*shape, positive=False):
    a = rng.standard_normal(shape).astype(np.float32) * 0.4
    return np.abs(a) + 0.5 if positive else a


def ints(*values):
    return np.array(values, dtype=np.int64)


# --- importable files --------------------------------------------------------------------------------------------------

def opset18_image():
    """Conv, Pad with an axes input, Resize with the opset-18 attributes (antialias on an up-scale changes nothing),
    ReduceMax with its axes as input 1 and keepdims, Flatten, Gemm, Softmax."""
    init = {"w1": w(4, 3, 3, 3), "b1": w(4), "pads": ints(1, 1, 1, 1), "pad_axes": ints(2, 3), "w2": w(4, 4, 3, 3),
            "scales": np.array([2.0, 2.0], dtype=np.float32), "max_axes": ints(2, 3), "wd": w(3, 4), "bd": w(3)}
    nodes = [node("Conv", ["x", "w1", "b1"], ["c1"], "conv1", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
             node("Relu", ["c1"], ["r1"], "relu1"),
             node("Pad", ["r1", "pads", "", "pad_axes"], ["p1"], "pad", mode="constant"),
             node("Conv", ["p1", "w2"], ["c2"], "conv2", kernel_shape=[3, 3]),
             node("Resize", ["c2", "", "scales"], ["u"], "resize", mode="linear", coordinate_transformation_mode="half_pixel",
                  antialias=1, axes=[2, 3], keep_aspect_ratio_policy="stretch"),
             node("ReduceMax", ["u", "max_axes"], ["m"], "reduce_max", keepdims=1),
             node("Flatten", ["m"], ["f"], "flatten", axis=1),
             node("Gemm", ["f", "wd", "bd"], ["g"], "gemm", transB=1),
             node("Softmax", ["g"], ["y"], "softmax", axis=-1)]
    write("opset18_image.onnx", model(18, nodes, init, [3, 6, 6], [3]))


def opset19_pool():
    """AveragePool with its opset-19 dilations (1), Mish (an op since 18), Reshape to [0, -1] from a Constant's
    value_ints, Gemm."""
    init = {"wd": w(8, 4 * 4 * 2), "bd": w(8), "wo": w(2, 8), "bo": w(2)}
    nodes = [node("AveragePool", ["x"], ["a"], "avg_pool", kernel_shape=[2, 2], strides=[2, 2], dilations=[1, 1]),
             node("Constant", [], ["shape"], "shape", value_ints=[0, -1]),
             node("Reshape", ["a", "shape"], ["r"], "reshape", allowzero=0),
             node("Gemm", ["r", "wd", "bd"], ["h"], "gemm1", transB=1),
             node("Mish", ["h"], ["m"], "mish"),
             node("Gemm", ["m", "wo", "bo"], ["y"], "gemm2", transB=1)]
    write("opset19_pool.onnx", model(19, nodes, init, [2, 8, 8], [2]))


def opset21_sequence():
    """A 1-D Conv, BatchNormalization (its opset-15 form, unchanged through 21), Gelu with approximate = tanh (an op since
    20), a 1-D MaxPool, ReduceMean with its axes as input 1, Gemm."""
    init = {"wc": w(6, 4, 3), "bc": w(6), "scale": w(6, positive=True), "bias": w(6), "mean": w(6), "var": w(6, positive=True),
            "mean_axes": ints(2), "wd": w(2, 6), "bd": w(2)}
    nodes = [node("Conv", ["x", "wc", "bc"], ["c"], "conv", kernel_shape=[3], pads=[1, 1]),
             node("BatchNormalization", ["c", "scale", "bias", "mean", "var"], ["n"], "batch_norm", epsilon=1e-3, momentum=0.9),
             node("Gelu", ["n"], ["gl"], "gelu", approximate="tanh"),
             node("MaxPool", ["gl"], ["p"], "max_pool", kernel_shape=[2], strides=[2]),
             node("ReduceMean", ["p", "mean_axes"], ["rm"], "reduce_mean", keepdims=0),
             node("Gemm", ["rm", "wd", "bd"], ["y"], "gemm", transB=1)]
    write("opset21_sequence.onnx", model(21, nodes, init, [4, 16], [2]))


# --- refused files: each a GN diagnostic naming node, op and attribute -----------------------------------------------

def refused():
    image = [2, 4, 4]
    gemm = {"wd": w(3, 2), "bd": w(3)}

    def pooled_head(first):
        # first(x) → (batch, 2, h, w); a GlobalAveragePool and a Gemm make it a model.
        return first + [node("GlobalAveragePool", ["t"], ["gp"], "gap"), node("Flatten", ["gp"], ["f"], "flatten"),
                        node("Gemm", ["f", "wd", "bd"], ["y"], "gemm", transB=1)]

    # Split with num_outputs (18): not an op GenNet imports.
    write("bad_opset18_split.onnx", model(18, [
        node("Split", ["x"], ["a", "b"], "split", axis=1, num_outputs=2),
        node("Add", ["a", "b"], ["y"], "add")], {}, [8], [4]))
    # Opset 18 moved ReduceMean's axes to input 1; an axes attribute is the opset-17 form.
    write("bad_opset18_reduce_attribute.onnx", model(18, [
        node("ReduceMean", ["x"], ["y"], "reduce_mean", axes=[2, 3], keepdims=0)], {}, image, [2]))
    # keep_aspect_ratio_policy not_larger on sizes of another aspect ratio: the output is not the sizes given.
    write("bad_opset18_resize_policy.onnx", model(18, pooled_head([
        node("Resize", ["x", "", "", "sizes"], ["t"], "resize", mode="nearest", coordinate_transformation_mode="asymmetric",
             nearest_mode="floor", axes=[2, 3], keep_aspect_ratio_policy="not_larger")]), dict(gemm, sizes=ints(8, 16)), image, [3]))
    # Pad's wrap mode (19).
    write("bad_opset19_pad_wrap.onnx", model(19, pooled_head([
        node("Pad", ["x", "pads"], ["t"], "pad", mode="wrap")]), dict(gemm, pads=ints(0, 0, 1, 1, 0, 0, 1, 1)), image, [3]))
    # AveragePool's dilations (19).
    write("bad_opset19_avgpool_dilations.onnx", model(19, pooled_head([
        node("AveragePool", ["x"], ["t"], "avg_pool", kernel_shape=[2, 2], dilations=[2, 2])]), gemm, image, [3]))
    # half_pixel_symmetric (19) is not Keras' bilinear (half_pixel).
    write("bad_opset19_resize_symmetric.onnx", model(19, pooled_head([
        node("Resize", ["x", "", "scales"], ["t"], "resize", mode="linear", coordinate_transformation_mode="half_pixel_symmetric")]),
        dict(gemm, scales=np.array([1, 1, 2, 2], dtype=np.float32)), image, [3]))
    # Reshape with allowzero = 1 takes the 0 in [0, -1] literally, not as "keep the batch".
    write("bad_opset21_reshape_allowzero.onnx", model(21, [
        node("Reshape", ["x", "shape"], ["r"], "reshape", allowzero=1),
        node("Gemm", ["r", "wd", "bd"], ["y"], "gemm", transB=1)], {"shape": ints(0, -1), "wd": w(3, 32), "bd": w(3)}, image, [3]))


def main():
    os.makedirs(OUT, exist_ok=True)
    opset18_image()
    opset19_pool()
    opset21_sequence()
    refused()


if __name__ == "__main__":
    main()
