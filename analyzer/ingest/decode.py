"""Bytes to text, and what kind of document a text is."""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_bytes", "sniff_encoding", "sniff_kind"]

#: byte-order marks, longest first (UTF-32-LE's begins with UTF-16-LE's)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: bytes looked at to tell UTF-16/32 without a BOM from 8-bit text
_SNIFF_BYTES = 4096

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
#: the share of non-ASCII bytes that may be stray for bytes still to be read as UTF-8
_STRAY_BYTES = 0.01
_HIGH = bytes(range(0x80, 0x100))
_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<div|<article|<p[\s>]|<!--)", re.I)
_HTML_TAGS = re.compile(r"<(?:p|div|blockquote|article|iframe|script|a)\b[^>]*>", re.I)


def _known(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _zero_shares(sample: bytes, width: int) -> list[float]:
    """The share of zero bytes at each offset modulo ``width``."""
    units = len(sample) // width
    if units == 0:
        return [0.0] * width
    return [sample[k : units * width : width].count(0) / units for k in range(width)]


def _decodes(sample: bytes, encoding: str, width: int) -> bool:
    try:
        text = sample[: len(sample) // width * width].decode(encoding)
    except UnicodeDecodeError:
        return False
    return "\x00" not in text


def sniff_encoding(head: bytes) -> str | None:
    """The encoding that the first bytes of a document announce: a byte-order mark, or the
    zero-byte pattern of UTF-16 or UTF-32 written without one (ASCII letters, spaces and
    markup have a zero high byte, so zeros gather at one offset of each 2- or 4-byte unit).
    None for 8-bit text (UTF-8 and legacy code pages are told apart by :func:`decode_bytes`)."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    sample = head[:_SNIFF_BYTES]
    if len(sample) < 4 or 0 not in sample:
        return None
    quad = _zero_shares(sample, 4)
    if quad[2] > 0.9 and quad[3] > 0.9 and _decodes(sample, "utf-32-le", 4):
        return "utf-32-le"
    if quad[0] > 0.9 and quad[1] > 0.9 and _decodes(sample, "utf-32-be", 4):
        return "utf-32-be"
    even, odd = _zero_shares(sample, 2)
    if odd >= 0.1 and even <= odd / 10 and _decodes(sample, "utf-16-le", 2):
        return "utf-16-le"
    if even >= 0.1 and odd <= even / 10 and _decodes(sample, "utf-16-be", 2):
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode document bytes: a BOM or the zero-byte pattern of UTF-16/32, then a declared
    charset (HTTP header), then UTF-8, then a ``<meta charset>``; then UTF-8 with replacement
    when the bytes are UTF-8 but for a few stray ones, else cp1252 with replacement (never
    fails)."""
    sniffed = sniff_encoding(data)
    if sniffed is not None:
        return data.decode(sniffed, errors="replace")
    candidates: list[str] = []
    if declared and (name := _known(declared)):
        candidates.append(name)
    candidates.append("utf-8")
    match = _META_CHARSET.search(data[:4096])
    if match and (name := _known(match.group(1).decode("ascii", "ignore"))):
        candidates.append(name)
    for name in candidates:
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    text = data.decode("utf-8", errors="replace")
    high = len(data) - len(data.translate(None, _HIGH))
    if text.count("\ufffd") <= _STRAY_BYTES * high + 1:
        return text  # UTF-8 with a few stray bytes (a cut sequence): not another charset
    return data.decode("cp1252", errors="replace")


def sniff_kind(text: str) -> str:
    """Guess ``json``, ``jsonl``, ``html`` or ``txt`` for input without a telling name."""
    head = text[:2048].lstrip()
    if head.startswith("{"):
        first, newline, rest = text.lstrip().partition("\n")
        if first.rstrip().endswith("}") and newline and rest.strip():
            return "jsonl"
        return "json"
    if head.startswith("["):
        return "json"
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(text[:20000])) >= 3:
        return "html"
    return "txt"
