"""Length counting for channels with a limit: characters, UTF-8 bytes, Twitter's weighted count."""

from __future__ import annotations

import re

from .types import WS

URL_RE = re.compile(rf"https?://[^{WS}\u3000-\u303f\uff00-\uffef]+")
TWITTER_URL_WEIGHT = 23
# Code point ranges that Twitter counts as 1; everything else (CJK, emoji …) counts 2.
_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))


def _weight(char: str) -> int:
    cp = ord(char)
    return 1 if any(lo <= cp <= hi for lo, hi in _LIGHT_RANGES) else 2


def twitter_length(text: str) -> int:
    """Twitter's weighted length: CJK counts 2 of 280, any URL counts 23."""
    total = 0
    pos = 0
    for match in URL_RE.finditer(text):
        total += sum(_weight(c) for c in text[pos : match.start()])
        total += TWITTER_URL_WEIGHT
        pos = match.end()
    total += sum(_weight(c) for c in text[pos:])
    return total


def plain_length(text: str) -> int:
    """The length for channels that count every character as 1 (`counting: chars`)."""
    return len(text)


def utf8_length(text: str) -> int:
    """The length in UTF-8 bytes (`counting: bytes`: 企业微信 and 钉钉 limit the body so). A lone
    surrogate, which no encoder writes, counts as the 3 bytes of the U+FFFD put in its place."""
    return len(text.encode("utf-8", "surrogatepass"))


COUNTERS = {"twitter": twitter_length, "chars": plain_length, "bytes": utf8_length}
