"""The table of contents (source lines 1–520): the parser's own oracle.

Every TOC entry must be matched to exactly one document in the body and every body document
to its entry, so the TOC is parsed first and drives the document search. The TOC prints in two
layouts: entries over several lines ending in a page number (``……17``, ``号111``), and
tab-separated rows (``title 文号\\tpage``) with Markdown separator rows (``--\\t-----``).
"""

from __future__ import annotations

import re

from renshe.corpus.docnum import DocNumberError, canonical
from renshe.corpus.model import Finding, TocEntry
from renshe.corpus.source import TOC_LAST_LINE, Source
from renshe.corpus.text import fold_line

CATEGORY_RE = re.compile(r"^([一二三四五六七])、\s*(\S{2,8})$")
# A 文号 (or order number) at the end of an entry, as printed in the TOC.
DOCNUM_TAIL_RE = re.compile(
    r"(?:^|\s|(?<=[》\u4e00-\u9fff]))"
    r"((?:[\u4e00-\u9fff]{1,16})?[〔\[［(（][\d\s]{4,6}[〕\]］)）][—\-\s]*\d+\s*号?"
    r"|(?:中华人民共和国)?[\u4e00-\u9fff]{1,12}令\s*第\s*\d+\s*号"
    r"|[\u4e00-\u9fff]{2,12}〔[\u4e00-\u9fff]{1,3}〕第\d+号)\s*$"
)
PAGE_TAIL_RE = re.compile(r"(?:\s*[….·]{2,}\s*|\t|\s+)?(\d{1,3})\s*$")
NOTE_RE = re.compile(r"^[(（](?P<body>[^()（）]*\d{4}年.*)[)）]$")
SEPARATOR_RE = re.compile(r"^[-\s|]+$")
# Words that end a document title; a short line without them and without digits is a sub-heading.
TITLE_ENDINGS = (
    "通知",
    "意见",
    "决定",
    "办法",
    "条例",
    "规定",
    "公告",
    "通报",
    "方案",
    "细则",
    "规则",
    "目录",
    "名单",
    "清单",
    "指南",
    "规程",
    "法",
    "函",
    "批复",
    "纪要",
    "说明",
)

CATEGORY_NAMES = ("综合类", "就业创业", "社会保险", "人事人才", "劳动关系", "劳动权益保障", "人力社保法治")


def toc_lines(source: Source) -> list[tuple[int, str]]:
    """Non-empty lines of the TOC proper (after the heading 目 录), Markdown separators dropped."""
    start = next(n for n in range(1, TOC_LAST_LINE + 1) if source.line(n).replace(" ", "") == "目录")
    out: list[tuple[int, str]] = []
    for n in range(start + 1, TOC_LAST_LINE + 1):
        raw = source.line(n).strip()
        if not raw or SEPARATOR_RE.match(raw):
            continue
        out.append((n, raw))
    return out


def squeeze(text: str) -> str:
    """Drop whitespace except between two ASCII letters/digits (titles carry page-break spaces)."""
    return re.sub(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])", "", text).strip()


def _is_complete_title(text: str) -> bool:
    return fold_line(text).endswith(TITLE_ENDINGS)


def _is_entry_tail(text: str) -> bool:
    """A line that can only continue an entry: a 文号, a note in brackets, or a bare page number."""
    s = fold_line(text)
    s = PAGE_TAIL_RE.sub("", s).strip(" ….·")
    return not s or bool(DOCNUM_TAIL_RE.fullmatch(s) or DOCNUM_TAIL_RE.match(s)) or s[0] in "(（〔["


def _is_subheading(text: str) -> bool:
    s = fold_line(text)
    return (
        len(s) <= 12
        and not re.search(r"\d", s)
        and not s.endswith(TITLE_ENDINGS)
        and "《" not in s
        and "(" not in s
    )


def _split_page(text: str, previous_page: int | None) -> tuple[str, int | None]:
    """Take the page number off the end of an entry's last line.

    Pages are glued to the text (``…168122`` is 文号 fragment ``…168`` and page ``122``), so
    among the possible digit suffixes the shortest one not below the previous page is chosen.
    """
    m = PAGE_TAIL_RE.search(text)
    if not m:
        return text, None
    digits_run = re.search(r"(\d+)\s*$", text)
    assert digits_run is not None
    run = digits_run.group(1)
    separated = bool(m.group(0)[: len(m.group(0)) - len(m.group(1))].strip(" ")) or (
        len(text) > len(run) and not text[-len(run) - 1].isdigit() and not text[-len(run) - 1].isspace()
    )
    if len(run) <= 3 and separated:
        return text[: m.start()].rstrip(" \t….·"), int(run)
    # Glued digits: choose the shortest suffix that keeps pages non-decreasing.
    floor = previous_page or 1
    for width in (1, 2, 3):
        if width > len(run):
            break
        page = int(run[-width:])
        if page >= floor and run[-width] != "0":
            return text[: len(text) - width].rstrip(" \t….·"), page
    return text[: len(text) - min(3, len(run))].rstrip(" \t….·"), int(run[-3:])


def _ends_with_page(text: str) -> bool:
    return bool(re.search(r"(\d|[….·]{2,}\s*\d+)\s*$", text)) and not re.search(r"第\s*\d+\s*号$", text)


def parse_toc(source: Source) -> tuple[list[TocEntry], list[Finding]]:
    """Parse the TOC into entries with category, sub-heading, title, 文号 and page."""
    entries: list[TocEntry] = []
    findings: list[Finding] = []
    category = ""
    subcategory: str | None = None
    buf: list[tuple[int, str]] = []
    previous_page: int | None = None
    lines = toc_lines(source)
    for i, (n, raw) in enumerate(lines):
        text = fold_line(raw)
        cat = CATEGORY_RE.match(text)
        if cat and not buf:
            category, subcategory = cat.group(2), None
            continue
        if not buf and _is_subheading(raw):
            nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
            if not CATEGORY_RE.match(fold_line(nxt)):
                subcategory = text
                continue
        if buf and _is_complete_title(buf[-1][1]) and not _is_entry_tail(raw):
            # The previous entry lost its page number (and 文号) in print: close it without one.
            entry, entry_findings = _make_entry(len(entries), category, subcategory, buf, previous_page)
            findings.extend(entry_findings)
            findings.append(Finding("toc_no_page", f"目录条目“{entry.title}”没有页码", buf[0][0], buf[-1][0]))
            entries.append(entry)
            buf = []
        buf.append((n, raw))
        if not _ends_with_page(raw):
            continue
        entry, entry_findings = _make_entry(len(entries), category, subcategory, buf, previous_page)
        findings.extend(entry_findings)
        if entry.page is not None:
            previous_page = entry.page
        entries.append(entry)
        buf = []
    if buf:
        findings.append(Finding("toc_unterminated", "目录末尾有未以页码结束的条目", buf[0][0], buf[-1][0]))
    return entries, findings


def _make_entry(
    index: int,
    category: str,
    subcategory: str | None,
    buf: list[tuple[int, str]],
    previous_page: int | None,
) -> tuple[TocEntry, list[Finding]]:
    findings: list[Finding] = []
    first, last = buf[0][0], buf[-1][0]
    parts = [raw for _, raw in buf]
    tail, page = _split_page(parts[-1], previous_page)
    parts[-1] = tail
    if page is not None and previous_page is not None and page < previous_page:
        findings.append(
            Finding(
                "toc_page_order",
                f"目录页码 {page} 小于前一条目的页码 {previous_page}(疑为排版截断)",
                last,
                last,
            )
        )
    # A parenthesised adoption/publication note on its own line belongs to the entry, not the title.
    kept: list[str] = []
    for part in parts:
        folded = fold_line(part)
        if NOTE_RE.match(folded) and kept:
            continue
        kept.append(part)
    joined = " ".join(p.strip() for p in kept if p.strip())
    # A trailing note glued to the title on the same line: "…的意见 (2024年9月15日)".
    joined = re.sub(r"\s*[(（][^()（）]*\d{4}年[^()（）]*[)）]\s*$", "", joined)
    number_raw: str | None = None
    m = DOCNUM_TAIL_RE.search(joined)
    if m:
        number_raw = m.group(1).strip()
        joined = joined[: m.start(1)]
    title = squeeze(fold_line(joined).rstrip(" …"))
    number: str | None = None
    if number_raw:
        try:
            number = canonical(number_raw)
        except DocNumberError:
            findings.append(
                Finding(
                    "toc_docnum_incomplete",
                    f"目录中的文号“{number_raw}”不完整,无法规范化",
                    first,
                    last,
                )
            )
    entry = TocEntry(
        index=index,
        category=category,
        subcategory=subcategory,
        title=title,
        doc_number_raw=number_raw,
        doc_number=number,
        page=page,
        line_start=first,
        line_end=last,
    )
    return entry, findings
