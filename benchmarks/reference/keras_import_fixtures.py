#!/usr/bin/python3
"""Small Keras-format files for the [KerasModel] generator tests (tests/keras/), written with h5py + NumPy.

Keras cannot be installed on these machines, so the files are written the way Keras' own saving code lays them out
(keras/src/saving/saving_lib.py for .keras, keras/src/legacy/saving/legacy_h5_format.py for .h5):

* .keras: a zip of metadata.json, config.json ({"class_name": "Sequential" | "Functional", "config": {"layers": [...]}}) and
  model.weights.h5, whose variables sit under layers/<key>/vars/<i> (recurrent layers: layers/<key>/cell/vars/<i>), the
  key being the layer's class name in snake case made unique in layer order (dense, dense_1, ...).
* legacy .h5: the config JSON in the root attribute model_config; model_weights/<layer> with a weight_names attribute
  listing each weight's path inside that group (Keras 2 style "dense/kernel:0" here).

Weights are seeded random numbers; the tests compare the imported model with the same layers declared by hand and
loaded with Model.LoadKeras (the runtime's reader), and check the remarks' declaration. Run: /usr/bin/python3 this.py
"""
import io
import json
import os
import re
import sys
import zipfile

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "keras")
rng = np.random.default_rng(20261207)


def snake(name):
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def w(*shape, positive=False):
    a = rng.standard_normal(shape).astype(np.float32) * 0.4
    return np.abs(a) + 0.5 if positive else a


def layer(cls, name, **config):
    config = dict(name=name, trainable=True, dtype="float32", **config)
    return {"module": "keras.layers", "class_name": cls, "config": config, "registered_name": None}


def input_layer(shape, name="input_layer"):
    return {"module": "keras.layers", "class_name": "InputLayer",
            "config": {"batch_shape": [None, *shape], "dtype": "float32", "sparse": False, "name": name}, "registered_name": None}


def tensor(source):
    return {"class_name": "__keras_tensor__", "config": {"shape": None, "dtype": "float32", "keras_history": [source, 0, 0]}}


def inbound(*sources, merge=False):
    args = [[tensor(s) for s in sources]] if merge else [tensor(sources[0])]
    return [{"args": args, "kwargs": {}}]


RECURRENT = {"SimpleRNN", "LSTM", "GRU"}


def write_keras(path, model_class, layers, weights, build_shape, extra_config=None):
    """layers: config entries (InputLayer included); weights: {layer name: [arrays]} in Keras' variable order."""
    config = {"module": "keras", "class_name": model_class,
              "config": {"name": "model", "trainable": True, "layers": layers, **(extra_config or {})},
              "registered_name": None, "build_config": {"input_shape": build_shape}}
    if model_class == "Sequential":
        config["config"]["build_input_shape"] = build_shape
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        f.create_group("vars")
        group = f.create_group("layers")
        counts = {}
        for entry in layers:
            cls = entry["class_name"]
            if cls == "InputLayer":
                continue
            key = snake(cls)
            n = counts.get(key, -1) + 1
            counts[key] = n
            key = key if n == 0 else f"{key}_{n}"
            g = group.create_group(key)
            name = entry["config"]["name"]
            arrays = weights.get(name, [])
            if cls == "Bidirectional":
                # Keras 3 saves the wrapper's two layers under their attribute names: forward_layer, then backward_layer.
                g.create_group("vars")
                half = len(arrays) // 2
                for attribute, part in (("forward_layer", arrays[:half]), ("backward_layer", arrays[half:])):
                    sub = g.create_group(attribute)
                    sub.create_group("vars")
                    cell = sub.create_group("cell").create_group("vars")
                    for i, array in enumerate(part):
                        cell.create_dataset(str(i), data=array)
                continue
            target = g.create_group("cell").create_group("vars") if cls in RECURRENT else g.create_group("vars")
            if cls in RECURRENT:
                g.create_group("vars")
            for i, array in enumerate(arrays):
                target.create_dataset(str(i), data=array)
        f.create_group("optimizer").create_group("vars").create_dataset("0", data=np.array(3, dtype=np.int64))
    with zipfile.ZipFile(path, "w") as z:
        # Fixed entry dates (as Keras' own archives show 1980-01-01), so the files are the same on every run.
        for entry, data in (("metadata.json", json.dumps({"keras_version": "3.4.1", "date_saved": "2026-12-07@09:40:00"})),
                            ("config.json", json.dumps(config)), ("model.weights.h5", buffer.getvalue())):
            z.writestr(zipfile.ZipInfo(entry, date_time=(1980, 1, 1, 0, 0, 0)), data)


def write_legacy(path, layers, weights):
    """A Keras 2 style model.save("x.h5"): batch_input_shape on the first layer, weight names 'layer/var:0'."""
    config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": layers}}
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = "2.15.0"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(config)
        mw = f.create_group("model_weights")
        mw.attrs["layer_names"] = np.array([l["config"]["name"].encode() for l in layers])
        for entry in layers:
            name = entry["config"]["name"]
            g = mw.create_group(name)
            names = []
            for var, array in weights.get(name, []):
                path_in_group = f"{name}/{var}:0"
                g.create_dataset(path_in_group, data=array)
                names.append(path_in_group.encode())
            g.attrs["weight_names"] = np.array(names, dtype="S") if names else np.array([], dtype="S1")


def vision():
    # (8, 8, 3) → Conv2D(4, 3, same, relu) → BatchNormalization → MaxPooling2D → DepthwiseConv2D(3, same)
    # → ZeroPadding2D(1) → Cropping2D(((1, 0), (0, 1))) → UpSampling2D(2) → AveragePooling2D(2, strides 1)
    # → Conv2D(3, 1) → PReLU(shared 1, 2) → SpatialDropout2D → LeakyReLU(0.2) → ReLU(max 6) → ELU(0.5)
    # → Rescaling(0.5, 0.1) → GaussianNoise → GlobalAveragePooling2D → Dense(5) → Softmax
    layers = [
        input_layer([8, 8, 3]),
        layer("Conv2D", "conv2d", filters=4, kernel_size=[3, 3], strides=[1, 1], padding="same", data_format="channels_last",
              dilation_rate=[1, 1], groups=1, activation="relu", use_bias=True),
        layer("BatchNormalization", "batch_normalization", axis=-1, momentum=0.9, epsilon=0.001, center=True, scale=True),
        layer("MaxPooling2D", "max_pooling2d", pool_size=[2, 2], padding="valid", strides=[2, 2], data_format="channels_last"),
        layer("DepthwiseConv2D", "depthwise_conv2d", kernel_size=[3, 3], strides=[1, 1], padding="same", depth_multiplier=1,
              data_format="channels_last", dilation_rate=[1, 1], activation="linear", use_bias=True),
        layer("ZeroPadding2D", "zero_padding2d", padding=[[1, 1], [1, 1]], data_format="channels_last"),
        layer("Cropping2D", "cropping2d", cropping=[[1, 0], [0, 1]], data_format="channels_last"),
        layer("UpSampling2D", "up_sampling2d", size=[2, 2], data_format="channels_last", interpolation="nearest"),
        layer("AveragePooling2D", "average_pooling2d", pool_size=[2, 2], padding="valid", strides=[1, 1], data_format="channels_last"),
        layer("Conv2D", "conv2d_1", filters=3, kernel_size=[1, 1], strides=[1, 1], padding="valid", data_format="channels_last",
              dilation_rate=[1, 1], groups=1, activation="linear", use_bias=False),
        layer("PReLU", "p_re_lu", shared_axes=[1, 2]),
        layer("SpatialDropout2D", "spatial_dropout2d", rate=0.1, data_format="channels_last"),
        layer("LeakyReLU", "leaky_re_lu", negative_slope=0.2),
        layer("ReLU", "re_lu", max_value=6.0, negative_slope=0.0, threshold=0.0),
        layer("ELU", "elu", alpha=0.5),
        layer("Rescaling", "rescaling", scale=0.5, offset=0.1),
        layer("GaussianNoise", "gaussian_noise", stddev=0.05),
        layer("GlobalAveragePooling2D", "global_average_pooling2d", data_format="channels_last", keepdims=False),
        layer("Dense", "dense", units=5, activation="linear", use_bias=True),
        layer("Softmax", "softmax", axis=-1),
    ]
    weights = {
        "conv2d": [w(3, 3, 3, 4), w(4)],
        "batch_normalization": [w(4), w(4), w(4), w(4, positive=True)],
        "depthwise_conv2d": [w(3, 3, 4, 1), w(4)],
        "conv2d_1": [w(1, 1, 4, 3)],
        "p_re_lu": [w(1, 1, 3)],
        "dense": [w(3, 5), w(5)],
    }
    write_keras(os.path.join(OUT, "vision.keras"), "Sequential", layers, weights, [None, 8, 8, 3])


def sequence():
    # (6,) token ids → Embedding(20, 5) → Conv1D(4, 3, same, tanh) → MaxPooling1D(2) → LayerNormalization
    # → GRU(4, seq) → SimpleRNN(3, seq, relu) → AveragePooling1D(1) → Permute(2, 1) → Flatten → RepeatVector(2)
    # → LSTM(2, go_backwards) → Activation(sigmoid)
    layers = [
        input_layer([6]),
        layer("Embedding", "embedding", input_dim=20, output_dim=5, mask_zero=False),
        layer("Conv1D", "conv1d", filters=4, kernel_size=[3], strides=[1], padding="same", data_format="channels_last",
              dilation_rate=[1], groups=1, activation="tanh", use_bias=True),
        layer("MaxPooling1D", "max_pooling1d", pool_size=[2], padding="valid", strides=[2], data_format="channels_last"),
        layer("LayerNormalization", "layer_normalization", axis=[-1], epsilon=0.001, center=True, scale=True, rms_scaling=False),
        layer("GRU", "gru", units=4, activation="tanh", recurrent_activation="sigmoid", use_bias=True, return_sequences=True,
              return_state=False, go_backwards=False, stateful=False, unroll=False, reset_after=True, dropout=0.0, recurrent_dropout=0.0),
        layer("SimpleRNN", "simple_rnn", units=3, activation="relu", use_bias=True, return_sequences=True, return_state=False,
              go_backwards=False, stateful=False, unroll=False, dropout=0.0, recurrent_dropout=0.0),
        layer("AveragePooling1D", "average_pooling1d", pool_size=[1], padding="valid", strides=[1], data_format="channels_last"),
        layer("Permute", "permute", dims=[2, 1]),
        layer("Flatten", "flatten", data_format="channels_last"),
        layer("RepeatVector", "repeat_vector", n=2),
        layer("LSTM", "lstm", units=2, activation="tanh", recurrent_activation="sigmoid", use_bias=True, return_sequences=False,
              return_state=False, go_backwards=True, stateful=False, unroll=False, unit_forget_bias=True, dropout=0.0, recurrent_dropout=0.0),
        layer("Activation", "activation", activation="sigmoid"),
    ]
    weights = {
        "embedding": [w(20, 5)],
        "conv1d": [w(3, 5, 4), w(4)],
        "layer_normalization": [w(4), w(4)],
        "gru": [w(4, 12), w(4, 12), w(2, 12)],
        "simple_rnn": [w(4, 3), w(3, 3), w(3)],
        "lstm": [w(9, 8), w(2, 8), w(8)],
    }
    write_keras(os.path.join(OUT, "sequence.keras"), "Sequential", layers, weights, [None, 6])


def functional(path, layers_override=None, inputs=None):
    # input (6,) → Dense(8, relu, "hidden") → Dense(8, "skip" reads the input) → Add(hidden, skip) → Concatenate(add, hidden)
    # → Subtract(…)? kept small: Multiply(add, skip) → Maximum(multiply, hidden) → Dense(3, softmax, "head")
    layers = [
        {**input_layer([6], "features"), "name": "features", "inbound_nodes": []},
        {**layer("Dense", "hidden", units=8, activation="relu", use_bias=True), "name": "hidden", "inbound_nodes": inbound("features")},
        {**layer("Dense", "skip", units=8, activation="linear", use_bias=True), "name": "skip", "inbound_nodes": inbound("features")},
        {**layer("Add", "add"), "name": "add", "inbound_nodes": inbound("hidden", "skip", merge=True)},
        {**layer("Multiply", "multiply"), "name": "multiply", "inbound_nodes": inbound("add", "skip", merge=True)},
        {**layer("Maximum", "maximum"), "name": "maximum", "inbound_nodes": inbound("multiply", "hidden", merge=True)},
        {**layer("Concatenate", "concatenate", axis=-1), "name": "concatenate", "inbound_nodes": inbound("maximum", "add", merge=True)},
        {**layer("Dense", "head", units=3, activation="softmax", use_bias=True), "name": "head", "inbound_nodes": inbound("concatenate")},
    ]
    if layers_override:
        layers = layers_override(layers)
    weights = {"hidden": [w(6, 8), w(8)], "skip": [w(6, 8), w(8)], "head": [w(16, 3), w(3)]}
    extra = {"input_layers": inputs or [["features", 0, 0]], "output_layers": [["head", 0, 0]]}
    write_keras(path, "Functional", layers, weights, [None, 6], extra)


def legacy():
    layers = [
        layer("Dense", "dense", units=5, activation="tanh", use_bias=True, batch_input_shape=[None, 4]),
        layer("Dropout", "dropout", rate=0.25, noise_shape=None, seed=None),
        layer("Dense", "dense_1", units=2, activation="sigmoid", use_bias=True),
    ]
    weights = {"dense": [("kernel", w(4, 5)), ("bias", w(5))], "dense_1": [("kernel", w(5, 2)), ("bias", w(2))]}
    write_legacy(os.path.join(OUT, "legacy_mlp.h5"), layers, weights)


def legacy_bn(path, axis):
    """Keras 2 writes BatchNormalization's axis as a positive list ([3] for an image): the last axis, checked after inference."""
    layers = [
        layer("Conv2D", "conv2d", filters=2, kernel_size=[3, 3], strides=[1, 1], padding="valid", data_format="channels_last",
              dilation_rate=[1, 1], groups=1, activation="relu", use_bias=True, batch_input_shape=[None, 6, 6, 1]),
        layer("BatchNormalization", "batch_normalization", axis=[axis], momentum=0.99, epsilon=0.001, center=True, scale=True),
        layer("Flatten", "flatten", data_format="channels_last"),
        layer("Dense", "dense", units=2, activation="softmax", use_bias=True),
    ]
    weights = {"conv2d": [("kernel", w(3, 3, 1, 2)), ("bias", w(2))],
               "batch_normalization": [("gamma", w(2)), ("beta", w(2)), ("moving_mean", w(2)), ("moving_variance", w(2, positive=True))],
               "dense": [("kernel", w(32, 2)), ("bias", w(2))]}
    write_legacy(path, layers, weights)


def refused():
    dense = lambda name, units: layer("Dense", name, units=units, activation="linear", use_bias=True)
    # GN0424: a class GenNet has no layer for (the same weight draws as when this was a Conv2DTranspose, so the files
    # written after it keep their numbers).
    write_keras(os.path.join(OUT, "bad_layer.keras"), "Sequential",
                [input_layer([8, 8, 3]), layer("Conv3D", "conv3d", filters=2, kernel_size=[3, 3, 3])],
                {"conv3d": [w(3, 3, 2, 3), w(2)]}, [None, 8, 8, 3])
    # GN0425: channels_first.
    write_keras(os.path.join(OUT, "bad_channels_first.keras"), "Sequential",
                [input_layer([3, 8, 8]), layer("Conv2D", "conv2d", filters=2, kernel_size=[3, 3], strides=[1, 1], padding="valid",
                                               data_format="channels_first", dilation_rate=[1, 1], groups=1, activation="relu", use_bias=True)],
                {"conv2d": [w(3, 3, 3, 2), w(2)]}, [None, 3, 8, 8])
    # GN0426: a dynamic number of steps.
    write_keras(os.path.join(OUT, "bad_dynamic.keras"), "Sequential",
                [input_layer([None, 6]), layer("LSTM", "lstm", units=2, return_sequences=False)],
                {"lstm": [w(6, 8), w(2, 8), w(8)]}, [None, None, 6])
    # GN0427: the config's Dense(4) after 3 features, weights of another layer.
    write_keras(os.path.join(OUT, "bad_weights.keras"), "Sequential", [input_layer([3]), dense("dense", 4)],
                {"dense": [w(3, 5), w(5)]}, [None, 3])
    # GN0429: a name that is not a C# identifier.
    write_keras(os.path.join(OUT, "bad_name.keras"), "Sequential", [input_layer([3]), dense("output-layer", 2)],
                {"output-layer": [w(3, 2), w(2)]}, [None, 3])
    # GN0426: two inputs.
    functional(os.path.join(OUT, "bad_two_inputs.keras"), inputs=[["features", 0, 0], ["other", 0, 0]])
    # GN0423: a bare weights file (no config).
    with h5py.File(os.path.join(OUT, "bare.weights.h5"), "w") as f:
        f.create_group("layers").create_group("dense").create_group("vars").create_dataset("0", data=w(3, 2))


def rules():
    """Regularizers and constraints, as Keras 3 serializes them (module + class_name + config) and as Keras 2 did (class_name +
    config, float32-rounded factors, an int axis); and a file with what GenNet cannot map (GN0430)."""
    def k3(module, cls, **config):
        return {"module": f"keras.{module}", "class_name": cls, "config": config, "registered_name": None}
    layers = [
        input_layer([4]),
        layer("Dense", "dense", units=3, activation="relu", use_bias=True,
              kernel_regularizer=k3("regularizers", "L1L2", l1=0.001, l2=0.01), bias_regularizer=None, activity_regularizer=None,
              kernel_constraint=k3("constraints", "MaxNorm", max_value=2.0, axis=[0]), bias_constraint=k3("constraints", "NonNeg")),
        layer("Dense", "dense_1", units=2, activation="linear", use_bias=True, bias_regularizer=k3("regularizers", "L2", l2=0.05),
              kernel_constraint=k3("constraints", "MinMaxNorm", min_value=0.5, max_value=1.5, rate=0.5, axis=0)),
    ]
    weights = {"dense": [w(4, 3), np.abs(w(3))], "dense_1": [w(3, 2), w(2)]}
    write_keras(os.path.join(OUT, "rules.keras"), "Sequential", layers, weights, [None, 4])

    legacy_layers = [
        layer("Dense", "dense", units=3, activation="tanh", use_bias=True, batch_input_shape=[None, 4],
              kernel_regularizer={"class_name": "L2", "config": {"l2": float(np.float32(0.01))}}, bias_regularizer=None,
              kernel_constraint={"class_name": "UnitNorm", "config": {"axis": 0}}, bias_constraint=None),
        layer("Dense", "dense_1", units=2, activation="sigmoid", use_bias=True,
              kernel_regularizer={"class_name": "L1L2", "config": {"l1": 0.0, "l2": float(np.float32(0.001))}},
              kernel_constraint={"class_name": "MaxNorm", "config": {"max_value": 3, "axis": 0}}),
    ]
    legacy_weights = {"dense": [("kernel", w(4, 3)), ("bias", w(3))], "dense_1": [("kernel", w(3, 2)), ("bias", w(2))]}
    write_legacy(os.path.join(OUT, "legacy_rules.h5"), legacy_layers, legacy_weights)

    # GN0430: an activity regularizer, an OrthogonalRegularizer and a custom class are imported without.
    write_keras(os.path.join(OUT, "unmapped_rules.keras"), "Sequential",
                [input_layer([4]), layer("Dense", "dense", units=3, activation="linear", use_bias=True,
                                         kernel_regularizer=k3("regularizers", "OrthogonalRegularizer", factor=0.01, mode="rows"),
                                         activity_regularizer=k3("regularizers", "L2", l2=0.01),
                                         bias_constraint={"module": None, "class_name": "ClipWeights", "config": {"limit": 1.0},
                                                          "registered_name": "Custom>ClipWeights"})],
                {"dense": [w(4, 3), w(3)]}, [None, 4])


def vision2():
    # (9, 8, 2) → Conv2D(4, 3, strides (2, 1), same, groups 2, tanh) → SeparableConv2D(3, (2, 3), multiplier 2, dilation (2, 1),
    # same, relu) → DepthwiseConv2D(2, strides (1, 2)) → MaxPooling2D((2, 1), strides (1, 1), same)
    # → Conv2DTranspose(2, 3, strides (2, 1), same, output_padding (1, 0)) → Conv2DTranspose(2, 2, dilation (1, 2), no bias)
    # → Flatten → Dense(3, softmax)
    layers = [
        input_layer([9, 8, 2]),
        layer("Conv2D", "conv2d", filters=4, kernel_size=[3, 3], strides=[2, 1], padding="same", data_format="channels_last",
              dilation_rate=[1, 1], groups=2, activation="tanh", use_bias=True),
        layer("SeparableConv2D", "separable_conv2d", filters=3, kernel_size=[2, 3], strides=[1, 1], padding="same",
              data_format="channels_last", dilation_rate=[2, 1], depth_multiplier=2, activation="relu", use_bias=True),
        layer("DepthwiseConv2D", "depthwise_conv2d", kernel_size=[2, 2], strides=[1, 2], padding="valid", depth_multiplier=1,
              data_format="channels_last", dilation_rate=[1, 1], activation="linear", use_bias=True),
        layer("MaxPooling2D", "max_pooling2d", pool_size=[2, 1], padding="same", strides=[1, 1], data_format="channels_last"),
        layer("Conv2DTranspose", "conv2d_transpose", filters=2, kernel_size=[3, 3], strides=[2, 1], padding="same",
              output_padding=[1, 0], data_format="channels_last", dilation_rate=[1, 1], activation="linear", use_bias=True),
        layer("Conv2DTranspose", "conv2d_transpose_1", filters=2, kernel_size=[2, 2], strides=[1, 1], padding="valid",
              output_padding=None, data_format="channels_last", dilation_rate=[1, 2], activation="linear", use_bias=False),
        layer("Flatten", "flatten", data_format="channels_last"),
        layer("Dense", "dense", units=3, activation="softmax", use_bias=True),
    ]
    weights = {
        "conv2d": [w(3, 3, 1, 4), w(4)],
        "separable_conv2d": [w(2, 3, 4, 2), w(1, 1, 8, 3), w(3)],
        "depthwise_conv2d": [w(2, 2, 3, 1), w(3)],
        "conv2d_transpose": [w(3, 3, 2, 3), w(2)],
        "conv2d_transpose_1": [w(2, 2, 2, 2)],
        "dense": [w(108, 3), w(3)],
    }
    write_keras(os.path.join(OUT, "vision2.keras"), "Sequential", layers, weights, [None, 9, 8, 2])
def bidirectional():
    # (5, 3) → Bidirectional(LSTM(4, return_sequences)) → Bidirectional(GRU(3), merge_mode="sum") → Dense(2), as a
    # Keras 3 .keras (layers/bidirectional/forward_layer/cell/vars/0..2, then backward_layer) and as a Keras 2 legacy
    # .h5 (weight_names bidirectional/forward_lstm/lstm_cell/kernel:0, …), both with the same weights.
    def recurrent(cls, name, units, **extra):
        return {"module": "keras.layers", "class_name": cls, "registered_name": None,
                "config": dict(name=name, trainable=True, dtype="float32", units=units, activation="tanh", recurrent_activation="sigmoid",
                               use_bias=True, return_sequences=extra.pop("return_sequences", False), return_state=False,
                               go_backwards=extra.pop("go_backwards", False), stateful=False, unroll=False, dropout=0.0,
                               recurrent_dropout=0.0, **extra)}

    def wrapper(name, cls, inner, units, merge_mode, **extra):
        return layer("Bidirectional", name, merge_mode=merge_mode,
                     layer=recurrent(cls, inner, units, **dict(extra)),
                     backward_layer=recurrent(cls, f"backward_{inner}", units, go_backwards=True, **dict(extra)))

    layers = [
        input_layer([5, 3]),
        wrapper("bidirectional", "LSTM", "lstm", 4, "concat", return_sequences=True, unit_forget_bias=True),
        wrapper("bidirectional_1", "GRU", "gru", 3, "sum", reset_after=True),
        layer("Dense", "dense", units=2, activation="linear", use_bias=True),
    ]
    lstm = [w(3, 16), w(4, 16), w(16), w(3, 16), w(4, 16), w(16)]
    gru = [w(8, 9), w(3, 9), w(2, 9), w(8, 9), w(3, 9), w(2, 9)]
    dense = [w(3, 2), w(2)]
    write_keras(os.path.join(OUT, "bidirectional.keras"), "Sequential", layers, {"bidirectional": lstm, "bidirectional_1": gru, "dense": dense}, [None, 5, 3])

    legacy_layers = [dict(entry) for entry in layers[1:]]
    legacy_layers[0] = {**legacy_layers[0], "config": {**legacy_layers[0]["config"], "batch_input_shape": [None, 5, 3]}}
    names = ["kernel", "recurrent_kernel", "bias"]
    write_legacy(os.path.join(OUT, "legacy_bidirectional.h5"), legacy_layers, {
        "bidirectional": [(f"{half}_lstm/lstm_cell/{v}", a) for half, part in (("forward", lstm[:3]), ("backward", lstm[3:])) for v, a in zip(names, part)],
        "bidirectional_1": [(f"{half}_gru/gru_cell/{v}", a) for half, part in (("forward", gru[:3]), ("backward", gru[3:])) for v, a in zip(names, part)],
        "dense": list(zip(["kernel", "bias"], dense)),
    })


def import6():
    """bn_fold.keras: Conv2D → BatchNormalization chains the generator folds at inference; sequence_pad.keras: ZeroPadding1D
    and grouped Conv1D. Their own generator (the files above keep theirs), and a NumPy float64 forward pass of each from
    Keras' definitions on fixed inputs, written to import6_expected.json: an independent check of the imported models."""
    r = np.random.default_rng(146)

    def v(*shape, positive=False):
        a = r.standard_normal(shape).astype(np.float32) * 0.4
        return np.abs(a) + 0.5 if positive else a

    def conv(x, kernel, bias, padding, groups=1):
        # Keras Conv2D/Conv1D (stride 1, dilation 1) on channels-last x[n, *positions, c]; kernel[*taps, c/groups, filters].
        taps = kernel.shape[:-2]
        if padding == "same":
            x = np.pad(x, [(0, 0)] + [((k - 1) // 2, k - 1 - (k - 1) // 2) for k in taps] + [(0, 0)])
        out = [x.shape[1 + i] - taps[i] + 1 for i in range(len(taps))]
        cg, filters = kernel.shape[-2], kernel.shape[-1]
        fg = filters // groups
        y = np.zeros((x.shape[0], *out, filters))
        for index in np.ndindex(*out):
            window = x[(slice(None),) + tuple(slice(i, i + k) for i, k in zip(index, taps))]
            for g in range(groups):
                part = window[..., g * cg:(g + 1) * cg].reshape(x.shape[0], -1)
                y[(slice(None),) + index + (slice(g * fg, (g + 1) * fg),)] = part @ kernel[..., g * fg:(g + 1) * fg].reshape(-1, fg)
        return y + (bias if bias is not None else 0)

    def bn(x, gamma, beta, mean, var, eps):
        return gamma * (x - mean) / np.sqrt(var.astype(np.float64) + eps) + beta

    def softmax(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    cases = []
    # (10, 10, 3) → Conv2D(6, 3, same) → BatchNormalization → ReLU → Conv2D(4, 3, valid, no bias) → BatchNormalization
    # → ReLU(max 6) → Conv2D(5, 1) → BatchNormalization → GlobalAveragePooling2D → Dense(3, softmax)
    conv_args = dict(strides=[1, 1], data_format="channels_last", dilation_rate=[1, 1], groups=1, activation="linear")
    layers = [
        input_layer([10, 10, 3]),
        layer("Conv2D", "conv2d", filters=6, kernel_size=[3, 3], padding="same", use_bias=True, **conv_args),
        layer("BatchNormalization", "batch_normalization", axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True),
        layer("ReLU", "re_lu", max_value=None, negative_slope=0.0, threshold=0.0),
        layer("Conv2D", "conv2d_1", filters=4, kernel_size=[3, 3], padding="valid", use_bias=False, **conv_args),
        layer("BatchNormalization", "batch_normalization_1", axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True),
        layer("ReLU", "re_lu_1", max_value=6.0, negative_slope=0.0, threshold=0.0),
        layer("Conv2D", "conv2d_2", filters=5, kernel_size=[1, 1], padding="valid", use_bias=True, **conv_args),
        layer("BatchNormalization", "batch_normalization_2", axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True),
        layer("GlobalAveragePooling2D", "global_average_pooling2d", data_format="channels_last", keepdims=False),
        layer("Dense", "dense", units=3, activation="softmax", use_bias=True),
    ]
    stats = lambda c: [v(c) * 0.5 + 1, v(c) * 0.5, v(c), v(c, positive=True)]
    weights = {"conv2d": [v(3, 3, 3, 6), v(6)], "batch_normalization": stats(6), "conv2d_1": [v(3, 3, 6, 4)],
               "batch_normalization_1": stats(4), "conv2d_2": [v(1, 1, 4, 5), v(5)], "batch_normalization_2": stats(5),
               "dense": [v(5, 3), v(3)]}
    write_keras(os.path.join(OUT, "bn_fold.keras"), "Sequential", layers, weights, [None, 10, 10, 3])
    x = r.standard_normal((3, 10, 10, 3)).astype(np.float32)
    h = np.maximum(bn(conv(x.astype(np.float64), *weights["conv2d"], "same"), *weights["batch_normalization"], 0.001), 0)
    h = np.clip(bn(conv(h, weights["conv2d_1"][0], None, "valid"), *weights["batch_normalization_1"], 0.001), 0, 6)
    h = bn(conv(h, *weights["conv2d_2"], "valid"), *weights["batch_normalization_2"], 0.001).mean(axis=(1, 2))
    y = softmax(h @ weights["dense"][0] + weights["dense"][1])
    cases.append({"file": "bn_fold.keras", "x": x.reshape(-1).tolist(), "y": y.reshape(-1).tolist(), "output_size": 3})

    # (12, 4) → ZeroPadding1D((2, 1)) → Conv1D(6, 3, groups 2, relu) → ZeroPadding1D(1) → Conv1D(3, 3, groups 3, same)
    # → GlobalAveragePooling1D → Dense(2)
    c1 = dict(strides=[1], data_format="channels_last", dilation_rate=[1], use_bias=True)
    layers = [
        input_layer([12, 4]),
        layer("ZeroPadding1D", "zero_padding1d", padding=[2, 1], data_format="channels_last"),
        layer("Conv1D", "conv1d", filters=6, kernel_size=[3], padding="valid", groups=2, activation="relu", **c1),
        layer("ZeroPadding1D", "zero_padding1d_1", padding=[1, 1], data_format="channels_last"),
        layer("Conv1D", "conv1d_1", filters=3, kernel_size=[3], padding="same", groups=3, activation="linear", **c1),
        layer("GlobalAveragePooling1D", "global_average_pooling1d", data_format="channels_last", keepdims=False),
        layer("Dense", "dense", units=2, activation="linear", use_bias=True),
    ]
    weights = {"conv1d": [v(3, 2, 6), v(6)], "conv1d_1": [v(3, 2, 3), v(3)], "dense": [v(3, 2), v(2)]}
    write_keras(os.path.join(OUT, "sequence_pad.keras"), "Sequential", layers, weights, [None, 12, 4])
    x = r.standard_normal((3, 12, 4)).astype(np.float32)
    h = np.pad(x.astype(np.float64), [(0, 0), (2, 1), (0, 0)])
    h = np.maximum(conv(h, *weights["conv1d"], "valid", groups=2), 0)
    h = conv(np.pad(h, [(0, 0), (1, 1), (0, 0)]), *weights["conv1d_1"], "same", groups=3).mean(axis=1)
    y = h @ weights["dense"][0] + weights["dense"][1]
    cases.append({"file": "sequence_pad.keras", "x": x.reshape(-1).tolist(), "y": y.reshape(-1).tolist(), "output_size": 2})
    with open(os.path.join(OUT, "import6_expected.json"), "w") as f:
        json.dump({"generator": "benchmarks/reference/keras_import_fixtures.py (import6)", "cases": cases}, f, indent=1)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    vision()
    sequence()
    functional(os.path.join(OUT, "functional.keras"))
    legacy()
    refused()
    legacy_bn(os.path.join(OUT, "legacy_bn.h5"), 3)
    # GN0425: a normalization axis that is not the last (height).
    legacy_bn(os.path.join(OUT, "bad_axis.h5"), 1)
    rules()
    bidirectional()
    vision2()
    import6()
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)))
    sys.exit(0)
