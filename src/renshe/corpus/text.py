"""Cleaning of extracted text, keeping the raw text untouched elsewhere.

The source was extracted from a printed PDF: page breaks split words and numbers, titles carry
spaces where the print had line breaks, and some blocks carry Markdown/HTML/LaTeX residue or a
stray English "and". Clean text is what people read and what search indexes; the raw text and
line span stay with every node, so cleaning may be opinionated without losing anything.

Decisions (documented here because they change what people read):
- ``汉字 and 汉字`` becomes ``汉字和汉字``: the eight occurrences (e.g. lines 952, 1406, 4078) are
  extraction artefacts where the print has 和; the raw text keeps the English word and the
  provisions parser reports each one as a finding.
- A handful of traditional/Japanese forms produced by the extraction (険 險 傷 職 辦) are mapped
  to the simplified form the rest of the text uses; no general conversion is applied, because a
  blanket traditional→simplified map would also touch correct characters.
- LaTeX operators (``\\div``, ``\\times``) become ÷ and ×.
"""

from __future__ import annotations

import re

CJK = r"\u3400-\u9fff\uf900-\ufaff"
# Characters after which a line is a complete sentence or heading, so the next line starts anew.
SENTENCE_END = "。；;：:！!？?）)」』”\"…"
# Characters that end a sentence proper (not a clause): a line ending with one is never joined
# and, after a label, never a heading.
TERMINAL = "。；;！!？?"

# Variant or wrong characters produced by extraction, mapped to the standard form.
VARIANTS: dict[str, str] = {
    "保険": "保险",
    "険": "险",
    "險": "险",
    "傷": "伤",
    "職": "职",
    "辦": "办",
}

_LATEX: dict[str, str] = {"\\div": "÷", "\\times": "×"}

_AUTOLINK = re.compile(r"<((?:https?://|www\.)[^<>\s]+)>")
_HTML = re.compile(r"<[^<>\n]{0,200}>")
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_BULLET = re.compile(r"^\s*[-*+]\s+(?=\S)")
_FW = r"\u3000-\u303f\uff00-\uffef"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}{_FW}“”《》、])[ \t\u00a0\u3000]+(?=[{CJK}{_FW}“”《》、])")
_SPACE_CJK_DIGIT = re.compile(
    rf"(?<=[{CJK}{_FW}])[ \u00a0\u3000]+(?=[\d(（])|(?<=[\d)）%])[ \u00a0\u3000]+(?=[{CJK}{_FW}])"
)
# Half-width punctuation inside Chinese text followed or preceded by a stray space.
_SPACE_AROUND_PUNCT = re.compile(
    r"[ \u00a0\u3000]+(?=[,.;:!?)\]、，。；：！？）])|(?<=[(\[（])[ \u00a0\u3000]+"
)
_AND = re.compile(rf"(?<=[{CJK}])\s+and\s+(?=[{CJK}])")
_MULTISPACE = re.compile(r"[ \t\u00a0\u3000]{2,}")


def fold_line(line: str) -> str:
    """One line as clean text: residue stripped, spaces inside Chinese folded, variants fixed."""
    s = line.replace("\u00a0", " ").replace("\ufeff", "")
    s = _AUTOLINK.sub(r"\1", s)
    s = _HTML.sub("", s)
    s = _MD_BOLD.sub(r"\1", s)
    s = _MD_HEADING.sub("", s)
    s = _MD_BULLET.sub("", s)
    s = s.replace("**", "")
    for tex, sym in _LATEX.items():
        s = s.replace(tex, sym)
    s = _AND.sub("和", s)
    s = _SPACE_BETWEEN_CJK.sub("", s)
    s = _SPACE_CJK_DIGIT.sub("", s)
    s = _SPACE_AROUND_PUNCT.sub("", s)
    s = _MULTISPACE.sub(" ", s)
    for bad, good in VARIANTS.items():
        s = s.replace(bad, good)
    return s.strip()


def fold_title(lines: list[str]) -> str:
    """A title printed over several lines (or with page-break spaces) as one string."""
    return fold_line("".join(fold_line(x) for x in lines))


def ends_sentence(s: str) -> bool:
    """Whether a clean line ends where a paragraph may end (so a page break cannot be inside)."""
    return bool(s) and s[-1] in SENTENCE_END


def is_terminal(s: str) -> bool:
    """Whether a clean line ends a sentence proper (。；！？), not just a clause or a heading."""
    return bool(s) and s[-1] in TERMINAL


def has_and_artifact(line: str) -> bool:
    """Whether a raw line carries the English word "and" between Chinese characters."""
    return _AND.search(line) is not None


def join_paragraphs(lines: list[str]) -> str:
    """Lines of one node as clean paragraphs separated by "\\n".

    A line that does not end a sentence and is followed (possibly after blank lines, which are
    page breaks) by more text is joined to it without a separator: that is how the PDF
    extraction split words, numbers and 文号 across pages.
    """
    paras: list[str] = []
    cur = ""
    for raw in lines:
        s = fold_line(raw)
        if not s:
            continue
        if cur and not ends_sentence(cur):
            cur += s
        else:
            if cur:
                paras.append(cur)
            cur = s
    if cur:
        paras.append(cur)
    return "\n".join(paras)


_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_to_int(s: str) -> int:
    """A Chinese numeral as printed in labels (一, 十二, 二十六, 一百零三) as an int.

    Raises ValueError on anything else, so a label parser can fall back instead of guessing.
    """
    if not s:
        raise ValueError("空数字")
    total = 0
    digit: int | None = None
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            raise ValueError(f"不是中文数字: {s}")
    return total + (digit or 0)
