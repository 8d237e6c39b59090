"""What to try when a search finds nothing: the nearest words of the index and the calculators.

Nearest = most shared characters (Dice over character bigrams, and single characters for short
words) with the query's content words, among the index's words that occur in at least two
units, more frequent first on ties; plus the law's word for any colloquial word in the query.
Only called when a query found nothing, so reading the vocabulary (a few ten thousand words)
is affordable there and nowhere else.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from renshe.search.lexicon import lexicon
from renshe.search.textfold import fold, runs

MAX_TERMS = 6


def _grams(w: str) -> set[str]:
    return {w[i : i + 2] for i in range(len(w) - 1)} | (set(w) if len(w) <= 3 else set())


def nearest_terms(conn: sqlite3.Connection, query: str, limit: int = MAX_TERMS) -> list[str]:
    text = fold(query)
    pieces = [r for r in runs(text) if not r.isascii()]
    if not pieces:
        return []
    canon = [c for m, cs in lexicon().canonicals().items() if m in text for c in cs]
    want = set().union(*(_grams(p) for p in pieces))
    scored: list[tuple[float, int, str]] = []
    for term, df in conn.execute("SELECT term, df FROM search_terms WHERE df >= 2"):
        if term.startswith("label:") or len(term) < 2 or term.isascii():
            continue
        g = _grams(term)
        shared = len(g & want)
        if shared:
            scored.append((2 * shared / (len(g) + len(want)), int(df), term))
    scored.sort(key=lambda x: (-x[0], -x[1]))
    out = list(dict.fromkeys([*canon, *(t for _s, _d, t in scored)]))
    return out[:limit]


def suggestions(conn: sqlite3.Connection, query: str) -> dict[str, Any]:
    """The nearest indexed words. The application adds the calculators (`renshe.app`): search
    sits beside the rules, not above them."""
    return {"terms": nearest_terms(conn, query), "calculators": []}
