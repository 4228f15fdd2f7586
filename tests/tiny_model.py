"""A tiny MarianMT checkpoint laid out exactly like a hub opus-mt folder.

Random weights, small dimensions, SentencePiece vocabularies trained on the seed articles.
Its translations are noise: tests use it for the plumbing (loading, batching, caching,
placeholders, backends), never for the words. Builds in about a second.

``build_tiny_marian(out_dir)`` writes::

    config.json  generation_config.json  model.safetensors
    source.spm   target.spm   vocab.json   tokenizer_config.json
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

__all__ = ["build_tiny_marian", "seed_lines"]

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

_EXTRA_LINES = [
    # a little more source-side text so the Arabic vocabulary is not only one tweet
    "مئات من مجاهدي الإمارة الإسلامية يتوجهون نحو ولاية بنجشير للسيطرة عليها",
    "بعد رفض مسئولي الولاية المحليين تسليمها بشكل سلمي",
    "قال المتحدث باسم الحركة إن المفاوضات مستمرة",
    "الإمارة الإسلامية بنجشير كابل أفغانستان طالبان",
]


def seed_lines() -> list[str]:
    """Non-empty lines of the seed articles (plus a few Arabic sentences)."""
    lines: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for sentence in re.split(r"(?<=[.!?؟])\s+", line.strip()):
                if sentence:
                    lines.append(sentence)
    return lines + _EXTRA_LINES


def _train_spm(lines: list[str], vocab_size: int) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        unk_id=1,
        eos_id=0,
        bos_id=-1,
        pad_id=-1,
        minloglevel=2,
        num_threads=1,
    )
    return model.getvalue()


def _pieces(spm_bytes: bytes) -> list[str]:
    import sentencepiece as spm

    proc = spm.SentencePieceProcessor(model_proto=spm_bytes)
    return [proc.id_to_piece(i) for i in range(proc.get_piece_size())]


def build_tiny_marian(
    out_dir: Path,
    *,
    d_model: int = 32,
    layers: int = 2,
    heads: int = 2,
    ffn: int = 64,
    max_positions: int = 512,
    seed: int = 0,
) -> Path:
    """Write a tiny random MarianMT checkpoint (hub opus-mt layout) into ``out_dir``."""
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = seed_lines()
    source = _train_spm(lines, 300)
    target = _train_spm([line for line in lines if re.search(r"[A-Za-z]", line)], 250)
    (out_dir / "source.spm").write_bytes(source)
    (out_dir / "target.spm").write_bytes(target)

    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for piece in _pieces(source) + _pieces(target):
        if piece not in vocab and piece not in {"<s>", "<pad>"}:
            vocab[piece] = len(vocab)
    pad = len(vocab)
    vocab["<pad>"] = pad
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (out_dir / "tokenizer_config.json").write_text(
        json.dumps({"source_lang": "ar", "target_lang": "en"}), encoding="utf-8"
    )

    config = MarianConfig(
        vocab_size=pad + 1,
        decoder_vocab_size=pad + 1,
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn,
        decoder_ffn_dim=ffn,
        activation_function="swish",
        max_position_embeddings=max_positions,
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        static_position_embeddings=True,
        normalize_before=False,
        normalize_embedding=False,
        dropout=0.1,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    with torch.no_grad():  # larger logits than the default init: outputs vary with the input
        for name, param in model.named_parameters():
            if param.dim() == 2 and "embed_positions" not in name:
                param.normal_(0.0, 0.3)
        # as in converted opus-mt checkpoints, the <pad> row (the decoder start) is zero;
        # CTranslate2 relies on it ("start_from_zero_embedding")
        model.get_input_embeddings().weight[pad].zero_()
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad]],
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        pad_token_id=pad,
        max_length=max_positions,
        num_beams=4,
        renormalize_logits=True,
    )
    model.save_pretrained(out_dir)
    return out_dir
