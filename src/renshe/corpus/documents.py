"""Document boundaries and metadata, found by walking the body in TOC order.

The TOC is the oracle: each entry's title is looked for in the body after the previous
document's start, first exactly (after folding spaces and punctuation), then fuzzily for the
entries whose printed title differs from the TOC (春暖/城暖, 人社领域/人力社保领域). A document runs
to the line before the next one, less trailing category headings. Metadata comes from the
header (文号 line, adoption note), the signature block and the text's own 施行/有效期 clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from renshe.corpus.docnum import DocNumberError, canonical
from renshe.corpus.model import Document, Finding, TocEntry
from renshe.corpus.source import TOC_LAST_LINE, Source
from renshe.corpus.text import VARIANTS, fold_line
from renshe.corpus.toc import squeeze
from renshe.resources import load_yaml, read_text

MAX_TITLE_LINES = 14
CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

DATE_LINE_RE = re.compile(r"^[(（]?(\d{4})年(\d{1,2})月(\d{1,2})日[)）]?$")
NOTE_DATE_RE = re.compile(r"^[(（](\d{4})年(\d{1,2})月(\d{1,2})日")
BODY_HEADING_RE = re.compile(r"^[一二三四五六七]、\S{2,8}$")
EFFECTIVE_RE = re.compile(
    r"自(?:(\d{4})年(\d{1,2})月(\d{1,2})日|(印发|发布|公布|下发|颁布)之日)起(?:施行|执行|实施|生效|开始施行)"
)
# An end date counts for the document only when the sentence is about the document itself
# ("本通知…执行至…"), not a measure inside it ("政策执行至2025年12月31日", "证书有效期为3年").
SELF = r"本(?:通知|办法|意见|规定|方案|细则|实施细则|决定|条例|公告|措施|政策|文件)"
SELF_EFFECTIVE_RE = re.compile(SELF + r"[^。;；]{0,12}?" + EFFECTIVE_RE.pattern)
UNTIL_RE = re.compile(SELF + r"[^。]{0,40}?(?:有效期至|执行至|有效期截至)(\d{4})年(\d{1,2})月(\d{1,2})日")
PERIOD_RE = re.compile(SELF + r"[^。]{0,30}?有效期(?:为)?(\d+|[一二三四五六七八九十])年")
# The sentence that states the document's own effective date may state its end right after it,
# with no subject of its own (渝人社发〔2024〕14号 五(五):
# "(五)自2024年6月1日起执行,实施期限至2025年12月31日").
UNTIL_AFTER_EFFECTIVE_RE = re.compile(
    r"[,，]?(?:实施期限|执行期限|有效期|执行|实施)?(?:至|截至)(\d{4})年(\d{1,2})月(\d{1,2})日"
)
# What may precede that effective clause in its sentence: nothing, a list label, or the document itself.
_LIST_LABEL = (
    r"(?:第[一二三四五六七八九十百]+条|[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+[.．])"
)
_EFFECTIVE_SUBJECT_RE = re.compile(_LIST_LABEL + r"?\s*(?:" + SELF + r")?")
ORDER_COVER_RE = re.compile(r"^(?:中华人民共和国)?\S{1,24}(?:令|常务委员会公告)$")


_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Text reduced to letters, digits and CJK, for comparing titles across TOC and body.

    Markup, brackets, quotes and spaces are all non-word characters, so one substitution
    (plus the variant-character map) is enough; this runs on every body line.
    """
    s = _NON_WORD.sub("", text)
    for bad, good in VARIANTS.items():
        s = s.replace(bad, good)
    return s


@dataclass
class _Located:
    entry: TocEntry
    start: int  # first line of the document (cover of an order, else title)
    title_start: int
    title_end: int
    exact: bool


def _title_at(source: Source, k: int, target: str, limit: int) -> int | None:
    """If the title `target` starts at line k (over up to 8 non-empty lines), its last line."""
    acc = ""
    n = k
    used = 0
    while n <= limit and used < MAX_TITLE_LINES:
        piece = norm(source.line(n))
        if piece:
            acc += piece
            used += 1
            if acc == target:
                return n
            if not target.startswith(acc):
                return None
        elif used == 0:
            return None
        n += 1
    return None


def _fuzzy_title_at(source: Source, k: int, target: str, limit: int) -> tuple[float, int]:
    acc = ""
    n = k
    used = 0
    best = (0.0, k)
    while n <= limit and used < MAX_TITLE_LINES and len(acc) < len(target) + 40:
        piece = norm(source.line(n))
        if piece:
            acc += piece
            used += 1
            if acc.endswith(target) and len(acc) - len(target) <= 40:
                # The TOC left out the issuing organ(s) printed before 关于: the shorter the extra,
                # the better.
                return 1.0 - (len(acc) - len(target)) / 1000, n
            ratio = SequenceMatcher(None, acc, target, autojunk=False).ratio()
            if ratio > best[0]:
                best = (ratio, n)
        elif used == 0:
            break
        n += 1
    return best


def _locate(source: Source, toc: list[TocEntry], findings: list[Finding]) -> list[_Located]:
    body_first = TOC_LAST_LINE + 1
    last = len(source)
    found: list[_Located | None] = [None] * len(toc)
    pos = body_first
    heads: dict[str, list[int]] = {}
    for n in range(body_first, last + 1):
        head = norm(source.line(n))[:2]
        if head:
            heads.setdefault(head, []).append(n)
    for i, entry in enumerate(toc):
        target = norm(entry.title)
        for k in heads.get(target[:2], []):
            if k < pos:
                continue
            end = _title_at(source, k, target, last)
            if end is not None:
                found[i] = _Located(entry, k, k, end, exact=True)
                pos = end + 1
                break
    # Fuzzy pass for the entries whose printed title differs from the TOC.
    for i, entry in enumerate(toc):
        if found[i] is not None:
            continue
        lo = next((f.title_end + 1 for f in reversed(found[:i]) if f), body_first)
        hi = next((f.start - 1 for f in found[i + 1 :] if f), last)
        target = norm(entry.title)
        best: tuple[float, int, int] = (0.0, lo, lo)
        for k in range(lo, hi + 1):
            first = norm(source.line(k))
            if not first or (k > lo and norm(source.line(k - 1))):
                continue  # a title starts after a blank line
            if SequenceMatcher(None, first, target[: len(first)], autojunk=False).real_quick_ratio() < 0.5:
                continue
            ratio, end = _fuzzy_title_at(source, k, target, hi)
            if ratio > best[0]:
                best = (ratio, k, end)
        if best[0] >= 0.75:
            found[i] = _Located(entry, best[1], best[1], best[2], exact=False)
            body_title = squeeze("".join(fold_line(source.line(n)) for n in range(best[1], best[2] + 1)))
            findings.append(
                Finding(
                    "toc_title_differs",
                    f"目录标题“{entry.title}”与正文标题“{body_title}”不一致(相似度 {best[0]:.2f})",
                    best[1],
                    best[2],
                )
            )
        else:
            findings.append(
                Finding(
                    "toc_unmatched",
                    f"目录条目“{entry.title}”在正文中找不到",
                    entry.line_start,
                    entry.line_end,
                )
            )
    located = [f for f in found if f is not None]
    for loc in located:
        loc.start = _order_cover_start(source, loc)
    return located


def _order_cover_start(source: Source, loc: _Located) -> int:
    """An order (令) prints its cover — 令 line, number, promulgation, signature — before the title."""
    n = loc.title_start - 1
    seen = 0
    while n > TOC_LAST_LINE and seen < 10:
        line = fold_line(source.line(n))
        if line:
            seen += 1
            if ORDER_COVER_RE.match(line.replace(" ", "")):
                return n
        n -= 1
    return loc.title_start


def _trim_end(source: Source, start: int, end: int, headings: set[str]) -> int:
    """Drop trailing blank lines and category/sub-heading lines that sit between documents."""
    while end > start:
        line = squeeze(fold_line(source.line(end)))
        if not line or line in headings or BODY_HEADING_RE.match(line):
            end -= 1
            continue
        break
    return end


def _date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _header(source: Source, title_end: int, end: int) -> tuple[str | None, str | None, date | None, int]:
    """Read the header after the title: 文号 line and adoption note. Returns the body's first line."""
    number_raw: str | None = None
    note_date: date | None = None
    n = title_end + 1
    body_start = n
    while n <= end:
        line = fold_line(source.line(n))
        if not line:
            n += 1
            continue
        compact = line.replace(" ", "")
        if number_raw is None and (
            _is_docnum(compact) or re.fullmatch(r"[〔\[]\d{4}[〕\]][—\-]+\d+号?", compact)
        ):
            number_raw = line
            n += 1
            body_start = n
            continue
        if line[0] in "(（" and note_date is None and re.match(r"^[(（]\d{4}年", line):
            note_lines = [line]
            m = n
            while not re.search(r"[)）]$", note_lines[-1]) and m < min(end, n + 3):
                m += 1
                nxt = fold_line(source.line(m))
                if nxt:
                    note_lines.append(nxt)
            dm = NOTE_DATE_RE.match("".join(note_lines))
            if dm:
                note_date = _date(*dm.groups())
            n = m + 1
            body_start = n
            continue
        break
    number: str | None = None
    if number_raw is not None:
        try:
            number = canonical(number_raw)
        except DocNumberError:
            number = None
    return number_raw, number, note_date, body_start


def _is_docnum(text: str) -> bool:
    try:
        canonical(text)
    except DocNumberError:
        return False
    return len(text) <= 30


ORG_END_RE = re.compile(r"(部|局|委|厅|院|会|办公室|政府|行|署|联|团|公司|中心|办|社)$")


def _org_parts(raw: str) -> list[str] | None:
    """Organisation names on one signature line, or None when the line is not one.

    Names are separated by spaces, but spaces also split single names ("财 政 部"), so the
    split is kept only when every part is itself a name.
    """

    def is_org(name: str) -> bool:
        bare = re.sub(r"[(（][^()（）]*[)）]$", "", name)
        return 2 <= len(name) <= 30 and bool(ORG_END_RE.search(bare))

    parts = [p for p in re.split(r"[\s\u3000]+", raw.strip()) if p]
    if len(parts) > 1 and all(is_org(p) for p in parts):
        return parts
    whole = squeeze(fold_line(raw))
    return [whole] if is_org(whole) else None


def _signature(source: Source, start: int, end: int) -> tuple[date | None, list[str], int | None]:
    """The first standalone date line and the organisation lines just above it."""
    for n in range(start, end + 1):
        line = fold_line(source.line(n)).replace(" ", "")
        m = DATE_LINE_RE.match(line)
        if not m:
            continue
        signed = _date(*m.groups())
        issuers: list[str] = []
        k = n - 1
        while k >= start and len(issuers) < 40:
            raw = source.line(k).replace("**", "")
            if not raw.strip():
                k -= 1
                continue
            parts = _org_parts(raw)
            if parts is None:
                break
            issuers[:0] = parts
            k -= 1
        return signed, issuers, n
    return None, [], None


def _issuers_from_title(title: str) -> list[str]:
    head = title.split("关于", 1)[0] if "关于" in title else ""
    return [head] if head else []


def _effective(text: str, signed_on: date | None) -> tuple[date | None, date | None]:
    start: date | None = None
    m = SELF_EFFECTIVE_RE.search(text) or EFFECTIVE_RE.search(text)
    if m:
        start = _date(m.group(1), m.group(2), m.group(3)) if m.group(1) else signed_on
    until: date | None = None
    u = UNTIL_RE.search(text)
    if u:
        until = _date(*u.groups())
    elif m and (after := UNTIL_AFTER_EFFECTIVE_RE.match(text, m.end())) and _own_effective_clause(text, m):
        until = _date(*after.groups())
    else:
        p = PERIOD_RE.search(text)
        base = start or signed_on
        if p and base is not None:
            years = int(p.group(1)) if p.group(1).isdigit() else CN_DIGITS[p.group(1)]
            try:
                until = base.replace(year=base.year + years) - timedelta(days=1)
            except ValueError:
                until = base.replace(year=base.year + years, day=28) - timedelta(days=1)
    return start, until


def _own_effective_clause(text: str, m: re.Match[str]) -> bool:
    """Whether the effective clause `m` opens its sentence (after a list label or 本通知…).

    Only then is an end date printed right after it the document's own; "政策自…起执行至…" with a
    subject of its own is a measure's period (a provision-level end, see renshe.validity.periods).
    """
    start = max(text.rfind(ch, 0, m.start()) for ch in "。;；\n") + 1
    return bool(_EFFECTIVE_SUBJECT_RE.fullmatch(text[start : m.start()].strip()))


def load_doc_keys(path: Path | None = None) -> dict[str, str]:
    """Curated short ids for documents that have no 文号, keyed by their TOC title.

    The shipped file is required: without it 19 document ids would silently change."""
    text = path.read_text(encoding="utf-8") if path is not None else read_text("corpus", "doc_keys.yaml")
    data = load_yaml(text)
    return {squeeze(str(k)): str(v) for k, v in (data or {}).items()}


def find_documents(source: Source, toc: list[TocEntry]) -> tuple[list[Document], list[Finding]]:
    """Locate every TOC entry in the body and read each document's metadata."""
    findings: list[Finding] = []
    located = _locate(source, toc, findings)
    headings = {e.subcategory for e in toc if e.subcategory}
    keys = load_doc_keys()
    docs: list[Document] = []
    used_ids: set[str] = set()
    for i, loc in enumerate(located):
        entry = loc.entry
        nxt = located[i + 1].start - 1 if i + 1 < len(located) else len(source)
        end = _trim_end(source, loc.start, nxt, headings)
        number_raw, number, note_date, body_start = _header(source, loc.title_end, end)
        title = squeeze("".join(fold_line(source.line(n)) for n in range(loc.title_start, loc.title_end + 1)))
        if loc.start != loc.title_start and number is None:  # a cover carries the order's number
            number_raw, number = _cover_number(source, loc.start, loc.title_start)
        doc_number = number or entry.doc_number
        _docnum_findings(entry, number_raw, number, loc, findings)
        # Whitespace dropped everywhere: joins page-break splits inside 施行/有效期 clauses too.
        text = re.sub(r"\s+", "", "".join(source.lines[loc.start - 1 : end]))
        signed, issuers, _ = _signature(
            source, body_start if loc.start == loc.title_start else loc.start, end
        )
        signed_on = note_date or signed
        if loc.start != loc.title_start:
            issuers = (
                [re.sub(r"^中华人民共和国", "", (doc_number or "").split("令")[0])] if doc_number else []
            )
        if not issuers:
            issuers = _issuers_from_title(title)
        effective_from, effective_until = _effective(text, signed_on)
        doc_id = doc_number or keys.get(squeeze(entry.title)) or squeeze(entry.title)
        if doc_id in used_ids:
            findings.append(Finding("duplicate_doc_id", f"文档标识“{doc_id}”重复", loc.start, end))
            doc_id = f"{doc_id}~{i}"
        used_ids.add(doc_id)
        docs.append(
            Document(
                id=doc_id,
                doc_number=doc_number,
                title=title,
                issuers=issuers,
                signed_on=signed_on,
                effective_from=effective_from,
                effective_until=effective_until,
                category=entry.category,
                subcategory=entry.subcategory,
                line_start=loc.start,
                line_end=end,
                toc_index=entry.index,
                toc_title=entry.title,
                toc_page=entry.page,
                doc_number_raw=number_raw or entry.doc_number_raw,
                title_start=loc.title_start,
                body_start=body_start,
            )
        )
    return docs, findings


def _cover_number(source: Source, start: int, title_start: int) -> tuple[str | None, str | None]:
    """The number printed on an order's or announcement's cover (a line of its own, or after 令)."""
    lines = [squeeze(fold_line(source.line(n))) for n in range(start, title_start)]
    for i, line in enumerate(lines[:6]):
        candidates = [line, lines[0] + line] if i else [line]
        for cand in candidates:
            if _is_docnum(cand):
                return cand, canonical(cand)
    return None, None


def _docnum_findings(
    entry: TocEntry, body_raw: str | None, body: str | None, loc: _Located, findings: list[Finding]
) -> None:
    where = (loc.title_start, loc.title_end + 3)
    if body_raw and body is None:
        findings.append(
            Finding("docnum_incomplete", f"正文文号“{body_raw}”不完整(缺发文机关代字或“号”)", *where)
        )
    if body and entry.doc_number and body != entry.doc_number:
        findings.append(
            Finding("docnum_differs", f"目录文号“{entry.doc_number}”与正文文号“{body}”不一致", *where)
        )
    elif entry.doc_number and not body_raw:
        findings.append(Finding("docnum_toc_only", f"文号“{entry.doc_number}”只印在目录中,正文未印", *where))
    elif body and not entry.doc_number_raw:
        findings.append(Finding("docnum_body_only", f"文号“{body}”只印在正文中,目录未印", *where))
