"""Dates of posts: localized date text from embed signatures, and times encoded in IDs."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from functools import cache

from ..tables import table

__all__ = ["DATE_PATTERN", "id_time", "parse_date"]

_MONTH_WORD = r"[^\W\d_]{3,12}\.?"
#: a date as embed signatures write it: 'August 22, 2021', '25. September 2018',
#: '27 de agosto de 2018', '2021年8月22日', ISO
DATE_PATTERN = (
    rf"(?:{_MONTH_WORD}\s+\d{{1,2}},?\s+\d{{4}}"
    rf"|\d{{1,2}}\.?\s+(?:de\s+)?{_MONTH_WORD}\s+(?:de\s+)?\d{{4}}"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?)"
)
_NUM = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+\.?", re.U)
_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?"
)
_CJK = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})\s*([ap]\.?m\.?)?", re.I)


@cache
def _months() -> dict[str, int]:
    months: dict[str, int] = {}
    for i, names in enumerate(table("extract_dates")["months"], start=1):
        for name in names.split():
            months.setdefault(name, i)
    return months


def parse_date(text: str | None) -> str | None:
    """ISO date (``YYYY-MM-DD``) from date text such as ``August 22, 2021``,
    ``25. September 2018``, ``27 de agosto de 2018``, ``2021-08-22T10:00:00Z``; else None.

    Times given next to a date in an unknown zone (``at 7:30am PDT``) are not used."""
    if not text:
        return None
    t = text.strip()
    m = _ISO.search(t)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if m.group(4) and m.group(7):
            tz = m.group(7)
            iso = f"{y:04d}-{mo:02d}-{d:02d}T{m.group(4)}:{m.group(5)}:{m.group(6) or '00'}"
            if tz == "Z" or tz.replace(":", "") in {"+0000", "-0000"}:
                return _valid(y, mo, d, iso + "Z")
            return _valid(y, mo, d, iso + (tz if ":" in tz else tz[:3] + ":" + tz[3:]))
        return _valid(y, mo, d, f"{y:04d}-{mo:02d}-{d:02d}")
    m = _CJK.search(t)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return _valid(y, mo, d, f"{y:04d}-{mo:02d}-{d:02d}")
    months = _months()
    month = None
    for w in _WORD.findall(t.lower()):
        month = months.get(w.rstrip("."))
        if month:
            break
    if month is None:
        return None
    nums = [int(n) for n in _NUM.findall(_TIME.sub(" ", t))]
    years = [n for n in nums if 1990 <= n <= 2100]
    days = [n for n in nums if 1 <= n <= 31]
    if not years or not days:
        return None
    y, d = years[0], days[0]
    return _valid(y, month, d, f"{y:04d}-{month:02d}-{d:02d}")


def _valid(y: int, mo: int, d: int, value: str) -> str | None:
    try:
        datetime(y, mo, d)
    except ValueError:
        return None
    return value


_TWITTER_EPOCH_MS = 1288834974657
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def id_time(platform: str, post_id: str | None) -> str | None:
    """Exact UTC time encoded in a post ID (Twitter snowflake, TikTok, Mastodon/Truth Social,
    Bluesky TID), ISO 8601 with ``Z``; None when the ID carries no time."""
    if not post_id:
        return None
    try:
        if platform == "twitter" and post_id.isdigit():
            n = int(post_id)
            offset = n >> 22
            if offset < 86_400_000:  # pre-snowflake sequential IDs
                return None
            return _fmt_ms(offset + _TWITTER_EPOCH_MS, ms=True)
        if platform == "tiktok" and post_id.isdigit():
            return _fmt_ms((int(post_id) >> 32) * 1000)
        if platform in {"mastodon", "truthsocial"}:
            pid = post_id.rsplit("/", 1)[-1]
            if pid.isdigit() and len(pid) >= 16:
                return _fmt_ms(int(pid) >> 16)
            return None
        if platform == "bluesky" and len(post_id) == 13:
            n = 0
            for ch in post_id:
                n = n * 32 + _TID_ALPHABET.index(ch)
            return _fmt_ms((n >> 10) // 1000)
    except (ValueError, OverflowError, OSError):
        return None
    return None


def _fmt_ms(ms_value: int, *, ms: bool = False) -> str | None:
    if not (1_230_768_000_000 <= ms_value <= 4_102_444_800_000):  # 2009..2100
        return None
    dt = datetime.fromtimestamp(ms_value / 1000, tz=timezone.utc)
    if ms:
        return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms_value % 1000:03d}Z"
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")
