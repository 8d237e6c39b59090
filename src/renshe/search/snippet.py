"""Plain-text snippets with highlight offsets (no markup: the CLI bolds, the web page marks)."""

from __future__ import annotations

from renshe.corpus import docnum
from renshe.search.textfold import fold

SNIPPET_CHARS = 120
LEAD_CHARS = 24
ELLIPSIS = "…"
MAX_SPANS = 400


def match_spans(text: str, needles: list[str], docnums: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping [start, end) spans of `needles` (folded) and of the given 文号 in `text`."""
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    for n in sorted({x for x in needles if x}, key=len, reverse=True):
        i = folded.find(n)
        while i >= 0 and len(spans) < MAX_SPANS * 2:
            spans.append((i, i + len(n)))
            i = folded.find(n, i + len(n))
    if docnums:
        for m in docnum.find_all(text):
            if m.canonical in docnums:
                spans.append((m.start, m.end))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    spans = spans[:MAX_SPANS]
    out: list[tuple[int, int]] = []
    for s in spans:
        if out and s[0] < out[-1][1]:
            continue
        out.append(s)
    return out


def make_snippet(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[list[int]]]:
    """A window of `text` around its densest run of matches, and the match offsets inside it."""
    flat = text.replace("\n", " ")
    if len(flat) <= SNIPPET_CHARS:
        start, end = 0, len(flat)
    else:
        best, best_n, j = 0, -1, 0
        for i, (s, _e) in enumerate(spans):  # two pointers: spans are sorted and disjoint
            j = max(j, i)
            while j + 1 < len(spans) and spans[j + 1][1] <= s + SNIPPET_CHARS - LEAD_CHARS:
                j += 1
            if j - i + 1 > best_n:
                best, best_n = s, j - i + 1
        start = max(0, best - LEAD_CHARS) if spans else 0
        end = min(len(flat), start + SNIPPET_CHARS)
        start = max(0, end - SNIPPET_CHARS)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(flat) else ""
    snippet = prefix + flat[start:end] + suffix
    shift = len(prefix) - start
    hl = [[a + shift, b + shift] for a, b in spans if a >= start and b <= end]
    return snippet, hl
