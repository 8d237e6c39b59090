"""From what a person typed to safe FTS5 expressions.

User text never reaches FTS5 syntax: it is folded and cut into runs of Chinese characters,
digits and Latin letters (everything else — quotes, `*`, `-`, brackets, AND/OR/NOT/NEAR as
words, markup — is either dropped as a separator or becomes a plain lower-case token), and every
token is emitted inside double quotes. A token can hold no quote, so no input can change the
expression's structure; `AND`, `or`, `near` typed by a user are just the words "and", "or", "near".

Three levels, tried from strict to loose so that short precise queries stay precise and long
paraphrases still find something:

1. every term as an exact phrase (bigram phrase; a one-character term as a unigram), any
   synonym alternative accepted;
2. every term's words (jieba) present, in any order (退役军人养老保险关系转移 still finds
   军人退役养老保险关系转移);
3. any word of any term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from renshe.corpus import docnum
from renshe.errors import InputError
from renshe.search.lexicon import lexicon
from renshe.search.textfold import CJK_RANGES, bi_tokens, cut, fold, has_token_chars, is_cjk, runs

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_CONCEPTS = 12
_SPLIT = re.compile(rf"[^{CJK_RANGES}0-9a-z]+")

UNI_COLS = "{t_uni c_uni b_uni}"
BI_COLS = "{t_bi c_bi b_bi}"


@dataclass
class Term:
    text: str
    alternatives: list[str]  # folded; text first
    words: list[str] = field(default_factory=list)  # jieba words of all alternatives, deduplicated


@dataclass(frozen=True)
class Concept:
    """One thing the query asks about: the word as typed and the law's word for it."""

    text: str
    alternatives: tuple[str, ...]  # folded; the typed form first


@dataclass
class ParsedQuery:
    raw: str
    docnums: list[str]  # canonical 文号 found in the query
    terms: list[Term]
    concepts: list[Concept] = field(default_factory=list)  # content words, question words removed
    articles: list[str] = field(default_factory=list)  # 第N条 asked for ("…办法第二十七条")

    def highlight_strings(self) -> list[str]:
        out: list[str] = []
        for t in self.terms:
            out.extend(t.alternatives)
        return out


# 人社部函2024年93号: a 文号 typed without brackets, the year followed by 年. Only a prefix of
# 2–8 Chinese characters ending in a typical 机关代字 ending, so 2024年养老金 is not one.
_BARE_DOCNUM = re.compile(
    rf"([{CJK_RANGES}]{{1,7}}[发函办字令规通])\s*(\d{{4}})\s*年?\s*第?\s*(\d{{1,5}})\s*号"
)


def _docnums(query: str) -> tuple[list[str], str]:
    """Canonical 文号 in `query` and the rest of the query with them blanked out."""
    whole = query.strip()
    if docnum.is_docnum(whole) and not docnum.find_all(whole):
        return [docnum.canonical(whole)], ""
    found = docnum.find_all(query)
    rest = query
    for m in reversed(found):
        rest = rest[: m.start] + " " + rest[m.end :]
    nums = list(dict.fromkeys(m.canonical for m in found))
    for bare in reversed(list(_BARE_DOCNUM.finditer(rest))):
        try:
            nums.append(docnum.canonical(f"{bare.group(1)}〔{bare.group(2)}〕{bare.group(3)}号"))
        except InputError:
            continue
        rest = rest[: bare.start()] + " " + rest[bare.end() :]
    return nums, rest


_ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇两0-9]+条")
# After a number, a unit word is part of the number (68年, 3个月, 第5项), not a content word.
_UNIT_AFTER_NUMBER = frozenset("年月日号岁元个周条款项行天次")
_YEAR = re.compile(r"(19|20)\d\d")


def _content_tokens(text: str, stopwords: frozenset[str]) -> list[str]:
    """jieba words of `text` without question and function words, punctuation and numbers.

    Numbers are never content: they are row labels (第68行), serial numbers, 文号 digits or the
    digits of an age or year that the answer layer reads as a slot. A four-digit year (1968) is
    kept, because table rows state birth years that way."""
    out: list[str] = []
    prev_number = False
    for w in cut(text):
        if not w.strip() or _SPLIT.fullmatch(w):
            prev_number = False
            continue
        if w.isdigit():
            if _YEAR.fullmatch(w):
                out.append(w)
            prev_number = True
            continue
        if prev_number and w in _UNIT_AFTER_NUMBER:
            prev_number = False
            continue
        prev_number = False
        if w in stopwords:
            continue
        out.append(w)
    return out


def _concepts(pieces: list[str]) -> tuple[list[Concept], list[str]]:
    """Content concepts and article labels of the query pieces (folded text, 文号 removed).

    A colloquial phrase of the synonym groups (不按时发工资, 社保) is one concept with the law's
    word as an alternative; the rest is segmented and stripped of question words — after
    segmentation, so a question word never cuts a content word (能领 is dropped, 技能 is not)."""
    lex = lexicon()
    concepts: list[Concept] = []
    articles: list[str] = []
    for piece in pieces:
        for m in _ARTICLE.finditer(piece):
            articles.append(m.group())
        piece = _ARTICLE.sub(" ", piece)
        found, rest = lex.members_in(piece)
        for member, canonicals in found:
            concepts.append(Concept(member, (member, *canonicals)))
        for chunk in _SPLIT.split(rest):
            for w in _content_tokens(chunk, lex.stopwords):
                concepts.append(Concept(w, (w, *lex.word_canonicals(w))))
    seen: set[str] = set()
    out: list[Concept] = []
    for c in concepts:
        if c.text not in seen:
            seen.add(c.text)
            out.append(c)
    return out[:MAX_CONCEPTS], list(dict.fromkeys(articles))


def parse_query(query: str) -> ParsedQuery:
    """Terms and 文号 of `query`; InputError (Chinese) for empty, punctuation-only or overlong input."""
    if not query or not query.strip():
        raise InputError("检索词不能为空", field="query")
    if len(query) > MAX_QUERY_CHARS:
        raise InputError(f"检索词过长(最多 {MAX_QUERY_CHARS} 个字)", field="query")
    if not has_token_chars(query):
        raise InputError("检索词只有标点或符号,请输入汉字、数字或字母", field="query")
    nums, rest = _docnums(query)
    lex = lexicon()
    terms: list[Term] = []
    seen: set[str] = set()
    pieces = [p for p in _SPLIT.split(fold(rest)) if p]
    for piece in pieces:
        if not piece or piece in seen:
            continue
        seen.add(piece)
        alts = lex.alternatives(piece)
        words: list[str] = []
        for alt in alts:
            for w in lex.content_words(cut(alt)):
                if _SPLIT.fullmatch(w) is None and w.strip() and w not in words:
                    words.append(w)
        terms.append(Term(piece, alts, words))
        if len(terms) >= MAX_TERMS:
            break
    concepts, articles = _concepts(pieces)
    return ParsedQuery(query, nums, terms, concepts, articles)


def phrase(text: str) -> str | None:
    """The FTS5 expression matching `text` as an exact phrase (None when it has no tokens)."""
    rs = runs(text)
    if not rs:
        return None
    if len(rs) == 1 and is_cjk(rs[0]) and len(rs[0]) == 1:
        return f'{UNI_COLS} : "{rs[0]}"'
    toks = bi_tokens(text)
    star = "*" if is_cjk(rs[-1][0]) and len(rs[-1]) == 1 and len(toks) > 1 else ""
    return f'{BI_COLS} : "{" ".join(toks)}"{star}'


def _any(exprs: list[str]) -> str:
    exprs = list(dict.fromkeys(exprs))
    return exprs[0] if len(exprs) == 1 else "(" + " OR ".join(exprs) + ")"


def _all(exprs: list[str]) -> str:
    return exprs[0] if len(exprs) == 1 else "(" + " AND ".join(exprs) + ")"


def strict_expr(q: ParsedQuery) -> str | None:
    parts: list[str] = []
    for t in q.terms:
        alts = [p for p in (phrase(a) for a in t.alternatives) if p]
        if alts:
            parts.append(_any(alts))
    return _all(parts) if parts else None


def words_expr(q: ParsedQuery) -> str | None:
    parts: list[str] = []
    for t in q.terms:
        per_alt: list[str] = []
        for a in t.alternatives:
            ws = [p for p in (phrase(w) for w in lexicon().content_words(cut(a))) if p]
            if ws:
                per_alt.append(_all(ws))
        if per_alt:
            parts.append(_any(per_alt))
    return _all(parts) if parts else None


def loose_phrases(q: ParsedQuery) -> list[str]:
    """One phrase per word of every term (single characters only for one-character terms)."""
    ws = [p for t in q.terms for w in t.words if len(w) > 1 or len(t.text) == 1 for p in [phrase(w)] if p]
    return list(dict.fromkeys(ws))


def any_of(phrases: list[str]) -> str | None:
    return _any(phrases) if phrases else None


def loose_expr(q: ParsedQuery) -> str | None:
    return any_of(loose_phrases(q))


def docnum_expr(canon: str) -> str | None:
    """Text mentions of a 文号 (citations in other documents)."""
    return phrase(canon)
