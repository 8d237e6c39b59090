"""Character folding and the three token streams that the index and the queries share.

Chinese has no spaces, so the index stores Python-made tokens for SQLite's plain `unicode61`
tokenizer (the stdlib `sqlite3` cannot register a custom FTS5 tokenizer):

* ``uni``: every Chinese character, so one-character queries (薪) match;
* ``bi``: overlapping two-character tokens of each Chinese run (a run of one character stays a
  unigram), so any query of two or more characters is an exact phrase of bigrams — including
  parts of words that a segmenter would not emit (额度 inside 贷款额度);
* ``words``: jieba search-mode words, which favour whole-word hits in ranking.

Digit and Latin runs are whole tokens in every stream. Folding is one character to one
character, so offsets found in folded text are offsets in the original text (snippets rely on it).
"""

from __future__ import annotations

import re
import threading

import rjieba

CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{CJK_RANGES}]+|[0-9a-z]+")
_ANY_TOKEN = re.compile(rf"[{CJK_RANGES}0-9A-Za-z０-９Ａ-Ｚａ-ｚ]")

# Extraction variants (corpus.text.VARIANTS covers 険); kept one-to-one.
_VARIANT_CHARS = {"険": "险"}


def _fold_table() -> dict[int, str]:
    """One-to-one folds: full-width ASCII forms, ideographic space, upper case, variants."""
    table: dict[int, str] = {0xFF01 + i: chr(0x21 + i) for i in range(0x5E)}
    table[0x3000] = " "
    table.update({ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
    table.update({ord(k): v for k, v in _VARIANT_CHARS.items()})
    for k in list(table):
        table[k] = table[k].lower()
    return table


_FOLD = _fold_table()
_NEEDS_FOLD = re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(_FOLD)) + "]")


def fold(text: str) -> str:
    """Full-width digits and letters to ASCII, lower case, variants fixed; same length as `text`."""
    # Clean text rarely holds foldable characters: a regex pass touches only those (translate
    # with a dict costs a lookup per character, milliseconds on a long annex).
    return _NEEDS_FOLD.sub(_fold_match, text)


def _fold_match(m: re.Match[str]) -> str:
    return _FOLD[ord(m.group())]


def has_token_chars(text: str) -> bool:
    """True when `text` holds at least one Chinese character, digit or letter."""
    return _ANY_TOKEN.search(text) is not None


def is_cjk(c: str) -> bool:
    """For one character of a run: runs are all-Chinese or all-ASCII (see `runs`)."""
    return not c.isascii()


def runs(text: str) -> list[str]:
    """Chinese runs and digit/Latin runs of folded text, in order (punctuation and spaces dropped)."""
    return _RUN.findall(fold(text))


def uni_tokens(text: str) -> list[str]:
    out: list[str] = []
    for r in runs(text):
        if is_cjk(r[0]):
            out.extend(r)
        else:
            out.append(r)
    return out


def run_bigrams(run: str) -> list[str]:
    """Bigrams of one run; a Chinese run of one character and a digit/Latin run stay whole."""
    if len(run) == 1 or run[0].isascii():
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def bi_tokens(text: str) -> list[str]:
    out: list[str] = []
    for r in runs(text):
        out.extend(run_bigrams(r))
    return out


def word_tokens(text: str) -> list[str]:
    """jieba search-mode words (the domain dictionary is loaded by `lexicon`), Chinese or alnum only."""
    out: list[str] = []
    for w in cut_for_search(fold(text)):
        if w.isalnum():  # Chinese characters count as alphanumeric; punctuation and spaces do not
            out.append(w)
    return out


def joined(tokens: list[str]) -> str:
    return " ".join(tokens)


# rjieba's segmenter is one shared object behind a Rust RefCell: two threads cutting at once
# fail with "Already borrowed" (seen under uvicorn's thread pool). Every call goes through here.
JIEBA_LOCK = threading.Lock()


def cut(text: str) -> list[str]:
    with JIEBA_LOCK:
        return list(rjieba.cut(text))


def cut_for_search(text: str) -> list[str]:
    with JIEBA_LOCK:
        return list(rjieba.cut_for_search(text))
