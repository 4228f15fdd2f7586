"""A BERT sentence encoder written out as an ONNX graph, straight from its safetensors
weights: no torch to export it and no ``onnx`` package to build it.

The graph takes ``input_ids`` and ``attention_mask`` (int64, batch × sequence) and gives
``sentence`` (the mean of the last hidden states over the real tokens, L2-normalised, which
is what sentence-transformers computes for all-MiniLM-L6-v2) and ``tokens`` (every last
hidden state, L2-normalised). It uses standard ONNX operators only (opset 18); ONNX Runtime
fuses them (attention, GELU with its bias) when the session is built.

The graph is serialised with a small protobuf writer below rather than with the ``onnx``
package, whose import alone (it loads ``ml_dtypes``) costs more than building the session:
the encoder is on the path of a one-shot ``analyze-posts fidelity`` call. The messages and
field numbers are those of ``onnx/onnx.proto`` (IR version 8); ONNX Runtime checks the model
when it loads it, and the tests check the bytes with ``onnx.checker`` when ``onnx`` is
installed.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["BertConfig", "bert_graph"]

OPSET = 18
IR_VERSION = 8

# onnx.proto TensorProto.DataType and AttributeProto.AttributeType
_FLOAT, _INT32, _INT64 = 1, 6, 7
_ATTR_FLOAT, _ATTR_INT, _ATTR_INTS = 1, 2, 7
_DTYPES = {"float32": _FLOAT, "int32": _INT32, "int64": _INT64}


@dataclass(frozen=True, slots=True)
class BertConfig:
    """The shape of a BERT encoder, from its ``config.json``."""

    hidden_size: int
    num_heads: int
    num_layers: int
    layer_norm_eps: float

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BertConfig:
        """Read a Hugging Face BERT config; raise ``ValueError`` for what the graph does not
        implement (another activation, relative positions, a head size that does not divide)."""
        if data.get("model_type", "bert") != "bert":
            raise ValueError(f"not a BERT model: {data.get('model_type')!r}")
        if data.get("hidden_act", "gelu") != "gelu":
            raise ValueError(f"unsupported activation {data.get('hidden_act')!r}")
        if data.get("position_embedding_type", "absolute") != "absolute":
            raise ValueError(f"unsupported positions {data.get('position_embedding_type')!r}")
        config = cls(
            hidden_size=int(data["hidden_size"]),
            num_heads=int(data["num_attention_heads"]),
            num_layers=int(data["num_hidden_layers"]),
            layer_norm_eps=float(data.get("layer_norm_eps", 1e-12)),
        )
        if config.hidden_size % config.num_heads:
            raise ValueError("hidden_size is not a multiple of num_attention_heads")
        return config


# -- protobuf wire format -------------------------------------------------------------------
# A message is built as a list of byte chunks (weights stay views of their arrays) and joined
# once at the end: 90 MB of weights are copied once, not once per nesting level.
_Chunks = list[Any]  # bytes or memoryview


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # int64 fields: negatives as 64-bit two's complement
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _size(chunks: _Chunks) -> int:
    return sum(c.nbytes if isinstance(c, memoryview) else len(c) for c in chunks)


def _int(field: int, value: int) -> _Chunks:
    return [_varint(field << 3), _varint(value)]


def _message(field: int, chunks: _Chunks) -> _Chunks:
    return [_varint(field << 3 | 2), _varint(_size(chunks)), *chunks]


def _str(field: int, text: str) -> _Chunks:
    return _message(field, [text.encode("utf-8")])


def _float(field: int, value: float) -> _Chunks:
    return [_varint(field << 3 | 5), struct.pack("<f", value)]


def _tensor(name: str, array: Any) -> _Chunks:
    """TensorProto: dims (1), data_type (2), name (8), raw_data (9, little-endian)."""
    array = array.astype(array.dtype.newbyteorder("<"), copy=False)
    if not array.flags.c_contiguous:
        array = array.copy(order="C")
    chunks: _Chunks = [c for d in array.shape for c in _int(1, d)]
    chunks += _int(2, _DTYPES[array.dtype.name]) + _str(8, name)
    return chunks + _message(9, [memoryview(array.reshape(-1)).cast("B")])


def _attribute(name: str, value: float | int | tuple[int, ...]) -> _Chunks:
    """AttributeProto: name (1), f (2), i (3), ints (8), type (20)."""
    if isinstance(value, tuple):
        return _str(1, name) + [c for v in value for c in _int(8, v)] + _int(20, _ATTR_INTS)
    if isinstance(value, float):
        return _str(1, name) + _float(2, value) + _int(20, _ATTR_FLOAT)
    return _str(1, name) + _int(3, value) + _int(20, _ATTR_INT)


def _value_info(name: str, elem_type: int, dims: tuple[int | str, ...]) -> _Chunks:
    """ValueInfoProto{name, TypeProto{tensor_type{elem_type, shape{dim{value | param}}}}}."""
    shape: _Chunks = []
    for d in dims:
        shape += _message(1, _int(1, d) if isinstance(d, int) else _str(2, d))
    tensor_type = _int(1, elem_type) + _message(2, shape)
    return _str(1, name) + _message(2, _message(1, tensor_type))


class _Graph:
    """Collects nodes and initializers; node outputs are named by a counter."""

    def __init__(self) -> None:
        self.nodes: list[_Chunks] = []
        self.initializers: dict[str, _Chunks] = {}

    def const(self, name: str, array: Any) -> str:
        if name in self.initializers:
            raise ValueError(f"initializer {name!r} defined twice")
        self.initializers[name] = _tensor(name, array)
        return name

    def literal(self, array: Any) -> str:
        """A small constant, named by its type and value (defined once, shared)."""
        name = f"{array.dtype.name}:{array.tolist()}"
        if name not in self.initializers:
            self.initializers[name] = _tensor(name, array)
        return name

    def op(self, op_type: str, *inputs: str, **attributes: float | int | tuple[int, ...]) -> str:
        """NodeProto: input (1), output (2), name (3), op_type (4), attribute (5)."""
        output = f"{op_type.lower()}_{len(self.nodes)}"
        self._node(op_type, inputs, output, attributes)
        return output

    def output(self, source: str, name: str) -> None:
        """Expose ``source`` as the graph output ``name`` (an Identity node)."""
        self._node("Identity", (source,), name, {})

    def _node(
        self,
        op_type: str,
        inputs: tuple[str, ...],
        output: str,
        attributes: Mapping[str, float | int | tuple[int, ...]],
    ) -> None:
        node = [c for i in inputs for c in _str(1, i)] + _str(2, output)
        node += _str(3, output) + _str(4, op_type)
        for key, value in attributes.items():
            node += _message(5, _attribute(key, value))
        self.nodes.append(node)

    def model(self, inputs: list[_Chunks], outputs: list[_Chunks], name: str) -> bytes:
        """ModelProto: ir_version (1), producer_name (2), graph (7), opset_import (8);
        GraphProto: node (1), name (2), initializer (5), input (11), output (12)."""
        graph: _Chunks = [c for n in self.nodes for c in _message(1, n)] + _str(2, name)
        graph += [c for t in self.initializers.values() for c in _message(5, t)]
        graph += [c for i in inputs for c in _message(11, i)]
        graph += [c for o in outputs for c in _message(12, o)]
        opset = _message(8, _str(1, "") + _int(2, OPSET))
        chunks = _int(1, IR_VERSION) + _str(2, "analyze-posts") + _message(7, graph) + opset
        return b"".join(chunks)


def bert_graph(weights: Callable[[str], Any], config: BertConfig, name: str = "bert") -> bytes:
    """The ONNX model (bytes) of a BERT encoder with mean pooling and normalisation.

    ``weights(key)`` returns the float32 numpy array stored under a Hugging Face key
    (``embeddings.word_embeddings.weight``, ``encoder.layer.0.attention.self.query.weight``
    …); linear weights are stored (out, in) and are transposed here once."""
    import numpy as np

    hidden, heads = config.hidden_size, config.num_heads
    head_size = hidden // heads
    g = _Graph()

    def weight(key: str, transpose: bool = False) -> str:
        value = weights(key)
        return g.const(key, np.ascontiguousarray(value.T) if transpose else value)

    def linear(x: str, prefix: str) -> str:
        product = g.op("MatMul", x, weight(prefix + ".weight", transpose=True))
        return g.op("Add", product, weight(prefix + ".bias"))

    def layer_norm(x: str, prefix: str) -> str:
        gamma, beta = weight(prefix + ".weight"), weight(prefix + ".bias")
        return g.op("LayerNormalization", x, gamma, beta, axis=-1, epsilon=config.layer_norm_eps)

    def scalar(value: float) -> str:
        return g.literal(np.array(value, dtype=np.float32))

    def ints(*values: int) -> str:
        return g.literal(np.array(values, dtype=np.int64))

    # embeddings: word + position (the first `sequence` rows) + token type 0
    sequence = g.op("Slice", g.op("Shape", "input_ids"), ints(1), ints(2))
    words = g.op("Gather", weight("embeddings.word_embeddings.weight"), "input_ids")
    positions = g.op(
        "Slice", weight("embeddings.position_embeddings.weight"), ints(0), sequence
    )
    token_type = g.const("token_type_0", weights("embeddings.token_type_embeddings.weight")[0])
    x = g.op("Add", g.op("Add", words, positions), token_type)
    x = layer_norm(x, "embeddings.LayerNorm")

    # attention bias: 0 for real tokens, the lowest float for padding, shaped (B, 1, 1, L)
    mask = g.op("Cast", "attention_mask", to=_FLOAT)
    lowest = scalar(float(np.finfo(np.float32).min))
    bias = g.op("Mul", g.op("Sub", scalar(1.0), mask), lowest)
    bias = g.op("Unsqueeze", bias, ints(1, 2))
    split_heads = ints(0, 0, heads, head_size)
    merge_heads = ints(0, 0, hidden)
    scale = scalar(1.0 / math.sqrt(head_size))
    sqrt2, half = scalar(math.sqrt(2.0)), scalar(0.5)

    for i in range(config.num_layers):
        p = f"encoder.layer.{i}."
        q, k, v = (
            g.op("Reshape", linear(x, p + f"attention.self.{n}"), split_heads)
            for n in ("query", "key", "value")
        )
        q = g.op("Transpose", q, perm=(0, 2, 1, 3))
        k = g.op("Transpose", k, perm=(0, 2, 3, 1))
        v = g.op("Transpose", v, perm=(0, 2, 1, 3))
        scores = g.op("Add", g.op("Mul", g.op("MatMul", q, k), scale), bias)
        context = g.op("MatMul", g.op("Softmax", scores, axis=-1), v)
        context = g.op("Reshape", g.op("Transpose", context, perm=(0, 2, 1, 3)), merge_heads)
        x = g.op("Add", linear(context, p + "attention.output.dense"), x)
        x = layer_norm(x, p + "attention.output.LayerNorm")
        h = linear(x, p + "intermediate.dense")  # exact GELU: h · (1 + erf(h/√2)) / 2
        erf = g.op("Erf", g.op("Div", h, sqrt2))
        h = g.op("Mul", g.op("Mul", h, g.op("Add", erf, scalar(1.0))), half)
        x = layer_norm(g.op("Add", linear(h, p + "output.dense"), x), p + "output.LayerNorm")

    # mean pooling over real tokens, then L2 normalisation (as torch's F.normalize: ε = 1e-12)
    last = ints(-1)
    tiny = scalar(1e-12)
    weights_3d = g.op("Unsqueeze", mask, ints(2))
    summed = g.op("ReduceSum", g.op("Mul", x, weights_3d), ints(1), keepdims=0)
    count = g.op("ReduceSum", weights_3d, ints(1), keepdims=0)
    count = g.op("Max", count, scalar(1e-9))
    mean = g.op("Div", summed, count)
    sentence = g.op("Div", mean, g.op("Max", g.op("ReduceL2", mean, last, keepdims=1), tiny))
    tokens = g.op("Div", x, g.op("Max", g.op("ReduceL2", x, last, keepdims=1), tiny))
    g.output(sentence, "sentence")
    g.output(tokens, "tokens")
    return g.model(
        inputs=[
            _value_info("input_ids", _INT64, ("batch", "sequence")),
            _value_info("attention_mask", _INT64, ("batch", "sequence")),
        ],
        outputs=[
            _value_info("sentence", _FLOAT, ("batch", hidden)),
            _value_info("tokens", _FLOAT, ("batch", "sequence", hidden)),
        ],
        name=name,
    )
