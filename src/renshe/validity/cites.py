"""Citations in running text: 《title》, 文号, and a title followed by its 文号 in brackets.

Pure functions of a string. A citation is what the text names; whether it is a repeal, a legal
basis or a plain mention is decided by the caller from the words around it (see `kind_of`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from renshe.corpus.docnum import find_all

_TITLE = re.compile(r"《([^《》]{2,120})》")
_QUOTES = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "〈": "",
        "〉": "",
        "“": "",
        "”": "",
        '"': "",
        "‘": "",
        "’": "",
        "「": "",
        "」": "",
        "《": "",
        "》": "",
        "—": "-",
        "－": "-",
        "：": ":",
        "，": ",",
    }
)
_SPACE = re.compile(r"[\s\u3000*]+")
_STATE = "中华人民共和国"
# Abbreviations a document defines for itself (以下简称《条例》) are not citations of their own.
_MIN_TITLE = 4


def norm_title(title: str) -> str:
    """The matching key of a title: no 《》〈〉 or quotes, ASCII brackets, no spaces.

    Titles of one document differ between lists and citations only in such marks (and in the
    cases `renshe.validity.reconcile` reports), so this key is what titles are compared on.
    """
    return _SPACE.sub("", title.translate(_QUOTES))


def title_keys(title: str) -> list[str]:
    """Keys under which a title is found: itself and, for national laws, without 中华人民共和国."""
    key = norm_title(title)
    keys = [key]
    if key.startswith(_STATE) and len(key) > len(_STATE) + 2:
        keys.append(key[len(_STATE) :])
    return keys


@dataclass(frozen=True)
class Cite:
    """One citation: a title, a 文号 or both, at [start, end) of the scanned text."""

    start: int
    end: int
    title: str | None
    number: str | None
    raw: str


def find_cites(text: str) -> list[Cite]:
    """Every citation in `text`, in order; a 《title》 directly followed by (文号) is one citation.

    A 文号 printed inside a title (渝人社发〔2012〕288号's title names 〔2012〕23号) belongs to the
    title and is not a separate citation; a title the text defines as an abbreviation
    (以下简称《条例》) is skipped.
    """
    titles: list[tuple[int, int, str]] = []
    for m in _TITLE.finditer(text):
        inner = m.group(1).strip()
        before = text[max(0, m.start() - 4) : m.start()]
        if "简称" in before or len(norm_title(inner)) < _MIN_TITLE:
            continue
        titles.append((m.start(), m.end(), inner))
    numbers = [n for n in find_all(text) if not any(s <= n.start < e for s, e, _ in titles)]
    used: set[int] = set()
    out: list[Cite] = []
    for s, e, inner in titles:
        number = None
        end = e
        for i, n in enumerate(numbers):
            gap = text[e : n.start]
            if i not in used and n.start >= e and len(gap) <= 3 and re.fullmatch(r"\s*[(（]\s*原?", gap):
                number = n.canonical
                used.add(i)
                close = re.match(r"\s*[)）]", text[n.end :])
                end = n.end + (close.end() if close else 0)
                break
        out.append(Cite(s, end, inner, number, text[s:end]))
    for i, n in enumerate(numbers):
        if i not in used:
            out.append(Cite(n.start, n.end, None, n.canonical, n.raw))
    out.sort(key=lambda c: c.start)
    return out


_SENTENCE_END = "。；;\n"


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of `text` around [start, end): from the previous 。；\\n to the next one."""
    a = max(text.rfind(ch, 0, start) for ch in _SENTENCE_END) + 1
    ends = [i for i in (text.find(ch, end) for ch in _SENTENCE_END) if i >= 0]
    b = min(ends) + 1 if ends else len(text)
    return text[a:b].strip()


REPEAL_WORDS = ("同时废止", "予以废止", "宣布废止", "废止", "不再施行", "不再执行", "停止执行")


def kind_of(text: str, cite: Cite) -> str:
    """How the text cites: 废止, 宣布失效, 修改, 转发, 印发, 代替, 依据 or 引用 (a plain mention).

    Decided from the citation's own sentence, the words right before it and those right after
    it (a repeal names its targets first and the verb last).
    """
    sent_start = max(text.rfind(ch, 0, cite.start) for ch in _SENTENCE_END) + 1
    ends = [i for i in (text.find(ch, cite.end) for ch in _SENTENCE_END) if i >= 0]
    sent_end = min(ends) if ends else len(text)
    before = text[max(sent_start, cite.start - 40) : cite.start]
    tail = text[cite.end : sent_end]
    if "宣布失效" in text[sent_start:sent_end]:
        return "宣布失效"
    basis = re.search(r"根据|依据|依照|按照|贯彻|遵照", before)
    if any(w in tail for w in REPEAL_WORDS) and not basis:
        return "废止"
    if "修改为" in tail or before.endswith("将") or "关于修改" in before[-6:] or "作如下修改" in tail[:12]:
        return "修改"
    if before.endswith("转发"):
        return "转发"
    if before.endswith("印发"):
        return "印发"
    if re.search(r"代替|替代|取代", tail[:20]):
        return "代替"
    if basis:
        return "依据"
    return "引用"
