"""文号 (document numbers): parse any printed variant, find them in running text, print variants.

A 文号 is how Chinese officials (and the people who use renshe) name a document, so it is the
document id of the knowledge base. The compilation prints the same number in many ways — square,
round, full-width or tortoise-shell brackets, mixed pairs (``〔2024]``), spaces anywhere
(``渝人社办〔2024〕71 号``), numbers split by page breaks — and users type still others
(full-width digits, a forgotten ``号``). Everything here is a pure function of its argument.

Canonical forms (the ``kind`` of a :class:`DocNumber`):

``year``
    prefix + ``〔YYYY〕`` + number + ``号``: ``渝人社发〔2024〕16号``. The prefix (机关代字) is 1–12
    Chinese characters; the year 1949–2100; the number 1–99999 without leading zeros.
``order``
    令: issuer short name + ``令第N号``: ``国务院令第795号``, ``人社部令第53号``. The issuer's
    printed name is mapped by :data:`ORDER_ISSUERS` (a small table); an issuer not in the table is
    kept as printed, without a leading ``中华人民共和国`` or ``原`` (“former”).
``session``
    a local congress announcement numbered per session: ``重庆市人大常委会〔六届〕第52号``
    (source lines 211 and 7120).
``announcement``
    a numbered 公告: issuers + ``公告YYYY年第N号``: ``国家税务总局…公告2024年第4号``
    (source lines 6637–6638).

Choices, documented because callers depend on them:

* :func:`canonical` accepts a missing trailing ``号`` (``渝人社发〔2024〕16``): the whole input is
  one 文号, so the digits after the bracket can only be its number. :func:`find_all` in running
  text requires ``号``, because there digits after a bracket can be something else.
* ``〔2024〕——168`` (TOC line 67, body line 2792) has no prefix: the compilation does not print
  the 机关代字 (the notice is from 市人力社保局办公室, so 渝人社办 is likely, but the text never
  says so). :func:`canonical` rejects it as incomplete (:class:`DocNumberError` whose ``reason``
  says 缺少发文机关代字) and :func:`find_all` skips it; the documents layer records a finding.
* :func:`canonical` ignores spaces anywhere (also inside digit runs) and one pair of parentheses
  around the whole input (``(渝人社发〔2024〕16号)``). :func:`find_all` allows spaces between the
  parts and inside the prefix, not inside the year or the number.
* An optional ``第`` before the number of a year-form 文号 (``国发〔2024〕第3号``) is dropped;
  leading zeros of the number are dropped (``〔2024〕016号`` → ``16号``).
* In running text the prefix is the longest entry of :data:`KNOWN_PREFIXES` (built from every
  bracketed-year 文号 in the source) that ends right before the bracket. When none fits, the
  run of Chinese characters before the bracket is cut after the last connecting word
  (:data:`BOUNDARY_WORDS`: 关于, 印发, 的通知, 根据, 和, 的 …) and kept if 1–12 characters long.
  A known prefix right after a one-character province name (:data:`PROVINCES`) takes it along
  (``黔人社厅发``). A limitation follows: any other unknown prefix that ends with a known one
  (``渝财社`` vs ``财社``) is cut to the known one; add it to the list when it shows up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from renshe.errors import InputError

Kind = Literal["year", "order", "session", "announcement"]

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Opening and closing brackets printed around the year. Any opening bracket may meet any
# closing one (the source has 〔…] in the notes of line 2807–2835).
OPEN = "[(（〔［【〈〖﹝\u2329"
CLOSE = "])）〕］】〉〗﹞\u232a"
_OPEN_RE = re.escape(OPEN)
_CLOSE_RE = re.escape(CLOSE)
_DIGIT = "0-9"
_SPACE = " \t\u00a0\u3000\r\n"

_TRANSLATE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},  # full-width digits
        "\u3000": " ",
        "\u00a0": " ",
    }
)

YEAR_MIN = 1949
YEAR_MAX = 2100
MAX_PREFIX = 12
MAX_NUMBER = 99999

# 机关代字 seen before a bracketed year in the compilation (every one the source prints, with the
# first line it appears on), plus a few national ones that the text cites without a bracket.
KNOWN_PREFIXES: frozenset[str] = frozenset(
    {
        # Chongqing — 人力社保局 and its predecessors
        "渝人社发",  # 76
        "渝人社办",  # 64
        "渝人社",  # 61
        "渝人社规",
        "渝人发",  # 9764 (原市人事局)
        "渝人办",  # 14868
        "渝劳发",  # 15230
        "渝劳办发",  # 15181
        "渝劳社发",  # 14855
        "渝劳社办发",  # 14876
        "渝职改办",  # 362
        "渝高技办",  # 421
        "渝就发",  # 3927
        # Chongqing — 市委、市政府 and other departments
        "渝府发",  # 517
        "渝府办发",  # 49
        "渝府办",  # 14744
        "渝办发",  # 14692
        "渝办",  # 14704
        "渝委办发",  # 5795
        "渝委组",  # 14912
        "渝工办发",  # 14348
        "渝财规",  # 3226
        # Central Party and State Council
        "中办发",
        "国发",  # 43
        "国办发",  # 33
        "国办函",  # 7003
        "国办发明电",
        # Ministry of Human Resources and Social Security and predecessors
        "人社部发",  # 37
        "人社部函",  # 146
        "人社部规",
        "人社部明电",  # 14604
        "人社厅发",  # 88
        "人社厅函",  # 92
        "人社厅规",
        "人社厅明电",  # 4307
        "劳部发",  # 14542
        "劳社部发",  # 14560
        "劳社厅发",
        "劳薪字",  # 14538
        "劳政字",  # 14539
        "劳计字",  # 14540
        "国人部发",  # 14922
        "国部发",  # 15507 (sic: the 12th-batch list prints 国人部发 at 14922 for the same document)
        # Other national departments
        "财社",  # 277
        "财会",  # 368
        "财综",  # 14278
        "财金",  # 3226
        "军后财",  # 8278
        "民发",  # 271
        "国统字",  # 3581
        "发改就业",  # 186
        "发改社会",  # 394
        "国药监人",  # 365
        "总工办发",  # 13665
        "国卫职健发",  # 229
        "国市监信规",  # 503
        "国市监注发",  # 46
        "教就业厅函",  # 130
    }
)

# One-character province names that open other provinces' prefixes (川人社发, 黔人社厅发) in front
# of a known national one. 新, 台, 青, 宁 are left out: too common as the end of a word.
PROVINCES = "京津沪冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川黔云藏陕甘"

# Words that connect running text to a 文号 without punctuation ("…的通知劳部发〔1993〕138号",
# "关于贯彻渝委组[2002]215号文件"): a prefix not in KNOWN_PREFIXES starts after the last of them.
BOUNDARY_WORDS: tuple[str, ...] = (
    "的通知",
    "的意见",
    "的决定",
    "的批复",
    "的函",
    "通知",
    "公告",
    "条例",
    "办法",
    "意见",
    "方案",
    "规定",
    "决定",
    "关于",
    "印发",
    "转发",
    "根据",
    "依据",
    "按照",
    "参照",
    "贯彻",
    "执行",
    "落实",
    "以及",
    "详见",
    "的",
    "和",
    "与",
    "及",
    "或",
    "见",
    "据",
    "按",
    "经",
    "号",
)

# 令: printed issuer name → short name used in the canonical form ("{short}令第{n}号").
ORDER_ISSUERS: dict[str, str] = {
    "国务院": "国务院",
    "国": "国务院",  # 国令第652号 (line 9124)
    "人力资源和社会保障部": "人社部",
    "人力资源社会保障部": "人社部",  # 6888
    "人社部": "人社部",  # 14566
    "劳动和社会保障部": "劳动保障部",  # 13865
    "劳动保障部": "劳动保障部",  # 291, 8770
    "人事部": "人事部",  # 9124
    "重庆市人民政府": "渝府",  # 14613
    "渝府": "渝府",  # 14824
}
# A 令 issuer not in ORDER_ISSUERS must be an organ: its name ends with one of these characters
# (交通运输部, 重庆市人民政府, 中国人民银行, 国家市场监督管理总局 …). Keeps 命令第3号 out.
ORGAN_ENDINGS = "部院府委局署行会厅办"
_ORDER_LONG_NAMES: dict[str, list[str]] = {
    "国务院": ["中华人民共和国国务院", "国"],
    "人社部": ["中华人民共和国人力资源和社会保障部", "人力资源社会保障部", "人力资源和社会保障部"],
    "劳动保障部": ["中华人民共和国劳动和社会保障部", "劳动和社会保障部"],
    "渝府": ["重庆市人民政府"],
}
_STATE_PREFIX = "中华人民共和国"
_CN_NUMERALS = "一二三四五六七八九十"
# Issuers of session-numbered announcements (source lines 211, 7120).
SESSION_ISSUERS: frozenset[str] = frozenset({"重庆市人大常委会", "重庆市人民代表大会常务委员会"})


class DocNumberError(InputError):
    """A string that is not one 文号: the message says in Chinese what is missing."""

    def __init__(self, text: str, reason: str) -> None:
        shown = text if len(text) <= 40 else text[:40] + "…"
        super().__init__(f"无法识别的文号:「{shown}」({reason})", field="doc_number")
        self.text = text
        self.reason = reason


@dataclass(frozen=True)
class DocNumber:
    """One parsed 文号. ``year`` is None for 令 and session forms; ``session`` only for the latter."""

    kind: Kind
    prefix: str  # 机关代字 (year form), issuer short name (令), issuers (session, 公告)
    number: int
    year: int | None = None
    session: str | None = None

    @property
    def canonical(self) -> str:
        if self.kind == "year":
            return f"{self.prefix}〔{self.year}〕{self.number}号"
        if self.kind == "order":
            return f"{self.prefix}令第{self.number}号"
        if self.kind == "session":
            return f"{self.prefix}〔{self.session}届〕第{self.number}号"
        return f"{self.prefix}公告{self.year}年第{self.number}号"


@dataclass(frozen=True)
class DocNumberMatch:
    """A 文号 found in running text: ``text[start:end] == raw``."""

    start: int
    end: int
    raw: str
    canonical: str
    kind: Kind = "year"


def _squash(text: str) -> str:
    return re.sub(f"[{_SPACE}]+", "", text.translate(_TRANSLATE))


def _is_cjk(s: str) -> bool:
    return bool(s) and re.fullmatch(f"[{CJK}]+", s) is not None


_YEAR_FULL = re.compile(
    rf"(?P<prefix>.*?)[{_OPEN_RE}](?P<year>[0-9]{{4}})[{_CLOSE_RE}]第?(?P<num>[0-9]{{1,6}})(?P<hao>号)?"
)
_BRACKET_YEAR = re.compile(rf"[{_OPEN_RE}][0-9]{{4}}[{_CLOSE_RE}]")
_ORDER_FULL = re.compile(r"(?P<issuer>.+?)令第?(?P<num>[0-9]{1,6})号?")
_SESSION_FULL = re.compile(
    rf"(?P<prefix>.+?)[{_OPEN_RE}](?P<session>[{_CN_NUMERALS}]{{1,3}})届[{_CLOSE_RE}]第(?P<num>[0-9]{{1,6}})号"
)
_ANNOUNCE_FULL = re.compile(r"(?P<prefix>.+?)公告(?P<year>[0-9]{4})年第(?P<num>[0-9]{1,6})号")


def _check_number(text: str, digits: str) -> int:
    n = int(digits)
    if not 1 <= n <= MAX_NUMBER:
        raise DocNumberError(text, f"序号{digits}超出范围1–{MAX_NUMBER}")
    return n


def _check_year(text: str, digits: str) -> int:
    y = int(digits)
    if not YEAR_MIN <= y <= YEAR_MAX:
        raise DocNumberError(text, f"年份{digits}不在{YEAR_MIN}–{YEAR_MAX}之间")
    return y


def _check_prefix(text: str, prefix: str, limit: int = MAX_PREFIX) -> str:
    if not prefix:
        raise DocNumberError(text, "缺少发文机关代字,文号不完整")
    if not _is_cjk(prefix):
        raise DocNumberError(text, f"发文机关代字「{prefix}」应为汉字")
    if len(prefix) > limit:
        raise DocNumberError(text, f"发文机关代字「{prefix}」过长")
    return prefix


def order_issuer(printed: str) -> str:
    """Short name of a 令's issuer as printed (``中华人民共和国国务院`` → ``国务院``)."""
    name = printed
    if name.startswith("原"):
        name = name[1:]
    if name.startswith(_STATE_PREFIX) and len(name) > len(_STATE_PREFIX):
        name = name[len(_STATE_PREFIX) :]
    return ORDER_ISSUERS.get(name, name)


def _strip_outer(s: str) -> str:
    """Drop one pair of parentheses or 《》 around the whole input: ``(渝人社发〔2024〕16号)``."""
    if len(s) > 2 and s[0] in "(（" and s[-1] in ")）":
        return s[1:-1]
    return s


def parse(text: str) -> DocNumber:
    """Parse ONE 文号 in any printed variant, or raise :class:`DocNumberError`."""
    if not isinstance(text, str) or not text.strip():
        raise DocNumberError("" if not isinstance(text, str) else text, "文号为空")
    s = _strip_outer(_squash(text))
    if len(_BRACKET_YEAR.findall(s)) > 1:
        raise DocNumberError(text, "包含多个文号,一次只能识别一个")

    m = _SESSION_FULL.fullmatch(s)
    if m:
        prefix = _check_prefix(text, m["prefix"], limit=30)
        if prefix not in SESSION_ISSUERS and not prefix.endswith("会"):
            raise DocNumberError(text, f"「{prefix}」不是人大常委会")
        return DocNumber("session", prefix, _check_number(text, m["num"]), session=m["session"])
    m = _ANNOUNCE_FULL.fullmatch(s)
    if m:
        prefix = _check_prefix(text, m["prefix"], limit=60)
        year = _check_year(text, m["year"])
        return DocNumber("announcement", prefix, _check_number(text, m["num"]), year=year)
    m = _YEAR_FULL.fullmatch(s)
    if m:
        year = _check_year(text, m["year"])
        number = _check_number(text, m["num"])
        return DocNumber("year", _check_prefix(text, m["prefix"]), number, year=year)
    m = _ORDER_FULL.fullmatch(s)
    if m:
        number = _check_number(text, m["num"])
        printed = m["issuer"]
        if not _is_cjk(printed):
            raise DocNumberError(text, f"发令机关「{printed}」应为汉字")
        issuer = order_issuer(printed)
        if not issuer:
            raise DocNumberError(text, "缺少发令机关")
        if len(issuer) > 30:
            raise DocNumberError(text, "发令机关名称过长")
        if issuer not in ORDER_ISSUERS.values() and issuer[-1] not in ORGAN_ENDINGS:
            raise DocNumberError(text, f"「{issuer}」不是发令机关")
        return DocNumber("order", issuer, number)
    raise DocNumberError(text, _diagnose(s))


def _diagnose(s: str) -> str:
    """Why a squashed string is not a 文号, in Chinese, for the error message."""
    if re.match(rf"[{_OPEN_RE}][0-9]{{4}}[{_CLOSE_RE}]", s):
        return "缺少发文机关代字,文号不完整"
    if re.match("令第?[0-9]", s):
        return "缺少发令机关"
    if re.search(rf"[{_OPEN_RE}][0-9]{{4}}[{_CLOSE_RE}]", s):
        m = re.search(rf"[{_OPEN_RE}][0-9]{{4}}[{_CLOSE_RE}](.*)$", s)
        rest = m.group(1) if m else ""
        if not re.match(r"第?[0-9]", rest):
            return "年份后缺少序号"
        return "格式不符,应为“机关代字〔年份〕序号号”"
    if re.search(r"[0-9]{4}", s) and re.search(f"[{CJK}]", s):
        return "年份应写在括号内,如〔2024〕"
    if not re.search(r"[0-9]", s):
        return "缺少年份和序号"
    if not re.search(f"[{CJK}]", s):
        return "缺少发文机关代字"
    return "缺少括号内的年份"


def canonical(text: str) -> str:
    """The canonical form of ONE 文号 (see module docstring), or raise :class:`DocNumberError`."""
    return parse(text).canonical


def is_docnum(text: str) -> bool:
    """True when ``text`` as a whole is one 文号 that :func:`canonical` accepts."""
    try:
        parse(text)
    except DocNumberError:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Finding 文号 in running text

_S = f"[{_SPACE}]*"
_D = "[0-9０-９]"
_YEAR_ANCHOR = re.compile(
    rf"[{_OPEN_RE}]{_S}(?P<year>{_D}{{4}}){_S}[{_CLOSE_RE}]{_S}(?:第{_S})?(?P<num>{_D}{{1,5}}){_S}号"
)
_ORDER_ANCHOR = re.compile(rf"令{_S}(?:第{_S})?(?P<num>{_D}{{1,5}}){_S}号")
_SESSION_ANCHOR = re.compile(
    rf"[{_OPEN_RE}]{_S}(?P<session>[{_CN_NUMERALS}]{{1,3}}){_S}届{_S}[{_CLOSE_RE}]{_S}第{_S}(?P<num>{_D}{{1,5}}){_S}号"
)
_ANNOUNCE_ANCHOR = re.compile(rf"公告{_S}(?P<year>{_D}{{4}}){_S}年{_S}第{_S}(?P<num>{_D}{{1,5}}){_S}号")
_CJK_CHAR = re.compile(f"[{CJK}]")
_KNOWN_ORDER = sorted(
    {*ORDER_ISSUERS, *(_STATE_PREFIX + k for k in ORDER_ISSUERS if len(k) > 1)}, key=len, reverse=True
)
_MAX_KNOWN = max(len(p) for p in KNOWN_PREFIXES)


def _run_before(text: str, end: int, limit: int) -> list[int]:
    """Positions of the Chinese characters right before ``end`` (nearest last), skipping spaces.

    The run stops at anything that is neither Chinese nor a space and at ``号`` (the end of a
    previous 文号: ``…94号渝人社发〔2024〕6号``), and holds at most ``limit`` characters.
    """
    pos: list[int] = []
    i = end - 1
    while i >= 0 and len(pos) < limit:
        c = text[i]
        if c in _SPACE:
            if c in "\r\n":
                break
            i -= 1
            continue
        if c == "号" or not _CJK_CHAR.match(c):
            break
        pos.append(i)
        i -= 1
    pos.reverse()
    return pos


def _cut_boundary(run: str) -> str:
    """The part of ``run`` after the last connecting word (see :data:`BOUNDARY_WORDS`)."""
    cut = 0
    for w in BOUNDARY_WORDS:
        k = run.rfind(w)
        if k >= 0:
            cut = max(cut, k + len(w))
    return run[cut:]


def _prefix_start(
    text: str, anchor: int, known: frozenset[str] | list[str], limit: int, longest: int
) -> int | None:
    """Start offset of the prefix that ends at ``anchor``, or None when there is none.

    ``known`` prefixes win (longest first); otherwise the run is cut after its last space and
    its last connecting word, and kept when at most ``longest`` characters remain.
    """
    pos = _run_before(text, anchor, limit)
    if not pos:
        return None
    run = "".join(text[i] for i in pos)
    best = 0
    for k in range(1, len(run) + 1):
        if run[-k:] in known:
            best = k
    if 0 < best < len(run) and run[-best - 1] in PROVINCES and not run[-best].startswith("渝"):
        best += 1  # 黔人社厅发: another province's copy of a known national prefix
    if best == 0:
        # An unknown prefix is unspaced: a space before it ends the words in front.
        gaps = [j for j in range(1, len(pos)) if pos[j] - pos[j - 1] > 1]
        if gaps:
            run = run[gaps[-1] :]
        tail = _cut_boundary(run)
        if not tail or len(tail) > longest:
            return None
        best = len(tail)
    return pos[len(pos) - best]


def find_all(text: str) -> list[DocNumberMatch]:
    """Every 文号 in running text, in order, without the words before them.

    ``raw`` is the exact slice of ``text`` (it may contain spaces and other brackets);
    ``canonical`` its canonical form. Lines are not joined here: a 文号 split by a page break
    (lines 5955/5957 ``(渝人`` / ``社发〔2022〕24号)``) is found only in joined text.
    """
    found: list[DocNumberMatch] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: Kind) -> None:
        raw = text[start:end]
        try:
            canon = canonical(raw)
        except DocNumberError:
            return
        found.append(DocNumberMatch(start, end, raw, canon, kind))
        taken.append((start, end))

    for m in _SESSION_ANCHOR.finditer(text):
        start = _prefix_start(text, m.start(), SESSION_ISSUERS, 40, 20)
        if start is not None:
            add(start, m.end(), "session")
    for m in _YEAR_ANCHOR.finditer(text):
        start = _prefix_start(text, m.start(), KNOWN_PREFIXES, MAX_PREFIX + _MAX_KNOWN, MAX_PREFIX)
        if start is not None:
            add(start, m.end(), "year")
    for m in _ORDER_ANCHOR.finditer(text):
        start = _prefix_start(text, m.start(), _KNOWN_ORDER, 40, 30)
        if start is not None:
            add(start, m.end(), "order")
    for m in _ANNOUNCE_ANCHOR.finditer(text):
        start = _prefix_start(text, m.start(), frozenset(), 90, 60)
        if start is not None:
            add(start, m.end(), "announcement")
    found.sort(key=lambda x: x.start)
    return found


# ---------------------------------------------------------------------------------------------
# Printed variants

_PAIRS: tuple[tuple[str, str], ...] = (
    ("〔", "〕"),
    ("[", "]"),
    ("(", ")"),
    ("（", "）"),
    ("［", "］"),
    ("【", "】"),
    ("〈", "〉"),
)


def _fullwidth(s: str) -> str:
    return "".join(chr(0xFF10 + int(c)) if c.isascii() and c.isdigit() else c for c in s)


def variants(canon: str) -> list[str]:
    """Printed variants of a 文号 (canonical first, no duplicates): brackets, spaces, digits.

    For search (a query in any of these forms should find the document) and for tests.
    The argument is normalised first, so any accepted variant may be passed.
    """
    d = parse(canon)
    out: list[str] = [d.canonical]
    if d.kind == "year":
        for o, c in _PAIRS:
            core = f"{d.prefix}{o}{d.year}{c}{d.number}"
            out += [core + "号", core + " 号", f"{d.prefix} {o}{d.year}{c} {d.number} 号"]
        out.append(f"{d.prefix}〔{_fullwidth(str(d.year))}〕{_fullwidth(str(d.number))}号")
    elif d.kind == "order":
        names = [d.prefix, *_ORDER_LONG_NAMES.get(d.prefix, [])]
        for name in names:
            out += [f"{name}令第{d.number}号", f"{name}令 第{d.number}号", f"{name}令{d.number}号"]
    elif d.kind == "session":
        out += [f"{d.prefix}[{d.session}届]第{d.number}号", f"{d.prefix}({d.session}届)第{d.number}号"]
    else:
        out.append(f"{d.prefix}公告 {d.year}年第{d.number}号")
    return list(dict.fromkeys(out))
