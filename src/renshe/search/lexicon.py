"""The curated domain dictionary and synonym groups (renshe/data/search/), loaded once per process.

People type colloquial names (社保, 失业金, 人社); the law writes 社会保险, 失业保险金,
人力资源社会保障. The groups live in data so they can be reviewed against the text (each cites a
source line) without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import rjieba

from renshe.resources import data_text, load_yaml
from renshe.search.textfold import JIEBA_LOCK, fold

MAX_ALTERNATIVES = 6


@dataclass(frozen=True)
class Lexicon:
    groups: tuple[tuple[str, ...], ...]  # each: canonical first, then members (folded)
    stopwords: frozenset[str] = frozenset()  # question and function words (data/search/stopwords.txt)

    def content_words(self, words: list[str]) -> list[str]:
        """`words` without question/function words; all of them if nothing else is left."""
        kept = [w for w in words if w not in self.stopwords]
        return kept or words

    def canonicals(self) -> dict[str, tuple[str, ...]]:
        return _canonicals(self)

    def _canonicals_uncached(self) -> dict[str, tuple[str, ...]]:
        """member → the law's words for it (a member may belong to several groups: 护工)."""
        out: dict[str, list[str]] = {}
        for g in self.groups:
            for m in g[1:]:
                if g[0] not in out.setdefault(m, []):
                    out[m].append(g[0])
        return {m: tuple(cs) for m, cs in out.items()}

    def members_in(self, text: str) -> tuple[list[tuple[str, tuple[str, ...]]], str]:
        """(member, canonicals) for each colloquial member of two or more characters found in
        `text` (longest first, not overlapping, not where the law's word is already written),
        and `text` with them blanked. One-character members (交, 涨) are matched on jieba words
        only (`word_canonicals`), never inside a word (交通, 提交)."""
        text = fold(text)
        found: list[tuple[str, tuple[str, ...]]] = []
        for member, canonicals in _longest_first(self):
            if len(member) < 2:
                continue
            i = text.find(member)
            if i < 0:
                continue
            wanted = tuple(c for c in canonicals if c not in text)
            if not wanted:
                continue
            found.append((member, wanted))
            text = text[:i] + " " + text[i + len(member) :]
        return found, text

    def word_canonicals(self, word: str) -> tuple[str, ...]:
        """The law's words for a one-character member that jieba cut out as a word."""
        return self.canonicals().get(word, ()) if len(word) == 1 else ()

    def alternatives(self, term: str) -> list[str]:
        """`term` first, then the term with a colloquial member replaced by the law's word.

        Only colloquial → canonical: the law's own word already matches the law, and the reverse
        direction (养老保险 → 养老险) would only add noise. The longest member found wins.
        """
        term = fold(term)
        out = [term]
        for group in _groups_longest_first(self):
            canonical = group[0]
            for member in group[1:]:
                if member in term and canonical not in term:
                    alt = term.replace(member, canonical)
                    if alt not in out:
                        out.append(alt)
                    break
            if len(out) >= MAX_ALTERNATIVES:
                break
        return out[:MAX_ALTERNATIVES]


@lru_cache(maxsize=4)
def _groups_longest_first(lex: Lexicon) -> list[tuple[str, ...]]:
    """Groups by their longest word, each with its members longest first (computed once)."""
    ordered = sorted(lex.groups, key=lambda g: -max(len(m) for m in g))
    return [(g[0], *sorted(g[1:], key=len, reverse=True)) for g in ordered]


@lru_cache(maxsize=4)
def _canonicals(lex: Lexicon) -> dict[str, tuple[str, ...]]:
    return lex._canonicals_uncached()


@lru_cache(maxsize=4)
def _longest_first(lex: Lexicon) -> list[tuple[str, tuple[str, ...]]]:
    return sorted(lex.canonicals().items(), key=lambda p: -len(p[0]))


def _load_dictionary(text: str) -> None:
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        with JIEBA_LOCK:
            rjieba.add_word(parts[0], freq, None)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the synonyms and register the domain words with jieba (once per process).

    Synonym members are not added to jieba (some are phrases, 五险一金); the law's words of the
    groups are (see below)."""
    _load_dictionary(data_text("search/dictionary.txt"))
    raw = load_yaml(data_text("search/synonyms.yaml")) or []
    groups: list[tuple[str, ...]] = []
    for entry in raw:
        members = [fold(str(entry["canonical"]))] + [fold(str(m)) for m in entry.get("members", [])]
        groups.append(tuple(members))
        # The law's word is a word: indexed whole (jieba's search mode still emits its parts),
        # so a query that maps to it reads one posting list instead of scanning phrases.
        if len(members[0]) > 2 and members[0].isalnum():
            with JIEBA_LOCK:
                rjieba.add_word(members[0], 500, None)
    stopwords: set[str] = set()
    for line in data_text("search/stopwords.txt").splitlines():
        stopwords.update(fold(w) for w in line.split("#", 1)[0].split())
    return Lexicon(tuple(groups), frozenset(stopwords))
