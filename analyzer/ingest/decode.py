"""Bytes to text, and what kind of document a text is."""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_bytes", "sniff_kind"]

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


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode document bytes: BOM, then a declared charset (HTTP header), then UTF-8,
    then a ``<meta charset>``; then UTF-8 with replacement when the bytes are UTF-8 but for a
    few stray ones, else cp1252 with replacement (never fails)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
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
