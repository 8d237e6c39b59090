"""Tables of a document: tab-separated blocks of the source turned into header + rows.

The compilation was extracted from a printed PDF, so a printed table reaches us as runs of
tab-separated lines with the print layout still in them: a blank line at each page break, the
caption and header row printed again on every page, two copies of a narrow table printed side
by side, merged cells left empty (or their text wrapped onto the next row), Markdown rule rows.
This module undoes that layout *generally* — by looking at the shape of the block, never at
which table it is — so a table that was not studied by hand still comes out sensible.

What it does, in order, for each block of tab lines (blank lines inside continue the block):

1. the header is the first row that is not a caption (a caption row repeats one text, e.g.
   ``延迟法定退休年龄每4个月延迟1个月`` over both halves); a second header row that only fills
   the empty cells under a spanning heading is merged into it (``补贴时段/起始年月``);
2. a header that is the same run of cells printed two or more times (with an optional empty
   spacer) means side-by-side copies: each line is split into its copies, and a page is read
   copy by copy; if the first column is then a date or a number, rows are sorted by it, because
   the last page of a table is sometimes printed without a page break (retirement 附件3);
3. captions and header rows repeated on later pages are dropped; in 序号 lists a line with only
   a name in the first cell is a sub-heading and becomes the extra column ``分类``;
4. a column whose cells are left empty in groups (merged cells) is filled down; where the text
   of a merged cell wrapped onto the next row (``53岁`` / ``1个月``) the pieces are joined, and an
   evident misprint of a piece (``2月`` for ``2个月``) is corrected and recorded as a finding;
5. the numbering of 序号 lists is checked (gaps, duplicates, order) and a count stated in the
   caption (``共491件``) is compared with the rows found; disagreements become findings.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from renshe.corpus.model import Finding, Table
from renshe.corpus.text import fold_line

SECTION_COLUMN = "分类"

_SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")
_ANNEX_LABEL = re.compile(r"^附件\s*\d*\s*[:：]?$")
_UNIT_LINE = re.compile(r"^[(（]?单位\s*[:：]")
_STATED_COUNT = re.compile(r"共\s*(\d+)\s*[件个家项条所名人]")
_INT = re.compile(r"^\d+$")
_YEAR_MONTH = re.compile(r"^(\d{4})年(\d{1,2})月$")
_YEAR = re.compile(r"^(\d{4})年$")
_DIGITS = re.compile(r"\d+")
_MONTH_WITHOUT_GE = re.compile(r"(\d+)月$")
_TITLE_MAX = 80
_ANNEX_PREFIX = re.compile(r"^附件\s*\d*\s*[:：]\s*(?=\S)")
_SUB_SECTION = re.compile(r"^[(（][一二三四五六七八九十]+[)）]")
_TOTAL = re.compile(r"^(合\s*计|总\s*计|小\s*计)$")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")


@dataclass
class _Row:
    line: int
    cells: list[str]
    section: str = ""
    # first row of a page (of its copy): 2 under a reprinted header, so surely a new page;
    # 1 after a blank line only, which is usually but not always a page break
    page_start: int = 0
    printed_key: str = ""  # first cell as printed, before merged cells are filled

    def filled(self) -> list[str]:
        return [c for c in self.cells if c]


@dataclass
class _Block:
    """One table as printed: its pages (segments) of rows, and where it starts in `lines`."""

    start_index: int
    segments: list[list[_Row]] = field(default_factory=list)

    @property
    def rows(self) -> list[_Row]:
        return [r for seg in self.segments for r in seg]


# ---------------------------------------------------------------------------------------------
# Finding the blocks


def _cells(raw: str) -> list[str]:
    """The cleaned cells of a tab line, without trailing empty cells."""
    cells = [fold_line(c) for c in raw.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _is_separator(cells: list[str]) -> bool:
    """A Markdown rule row (``----\\t--``) left over from the extraction."""
    return bool(cells) and all(not c or _SEPARATOR_CELL.match(c) for c in cells)


def _find_blocks(lines: list[tuple[int, str]]) -> list[_Block]:
    """Runs of tab lines; blank lines and Markdown rule rows inside a run are page breaks."""
    blocks: list[_Block] = []
    current: _Block | None = None
    page_break = False
    for index, (line_no, raw) in enumerate(lines):
        if "\t" in raw:
            cells = _cells(raw)
            if current is None:
                current = _Block(start_index=index, segments=[[]])
                blocks.append(current)
            elif page_break and current.segments[-1]:
                current.segments.append([])
            page_break = False
            if _is_separator(cells):
                page_break = True
            elif cells:
                current.segments[-1].append(_Row(line_no, cells))
        elif not raw.strip():
            page_break = True
        else:
            current = None
            page_break = False
    result = []
    for b in blocks:
        b.segments = [s for s in b.segments if s]
        if b.segments:
            result.append(b)
    return result


# ---------------------------------------------------------------------------------------------
# Header, captions, side-by-side copies


def _is_caption(row: _Row, following: _Row | None) -> bool:
    """A caption printed inside the table: one text (possibly repeated over the copies),
    followed by a row with more distinct cells (the header)."""
    filled = row.filled()
    if not filled or len(set(filled)) != 1 or following is None:
        return False
    return len(set(following.filled())) >= 2


def _shape(text: str) -> str:
    """Text with every number replaced by 0: ``53岁5个月`` and ``60岁1个月`` share a shape."""
    return _DIGITS.sub("0", text.replace(" ", ""))


def _copies(header: list[str]) -> tuple[int, int, int]:
    """(width, spacer, copies) when the header is one run of cells printed several times side
    by side (optionally with one empty spacer cell between copies); else (len, 0, 1)."""
    n = len(header)
    for width in range(1, n // 2 + 1):
        for spacer in (0, 1):
            step = width + spacer
            if (n + spacer) % step:
                continue
            count = (n + spacer) // step
            if count < 2:
                continue
            first = header[:width]
            if not any(first) or "" in first[:1]:
                continue
            ok = all(
                header[j * step : j * step + width] == first
                and (spacer == 0 or j == count - 1 or header[j * step + width] == "")
                for j in range(count)
            )
            if ok:
                return width, spacer, count
    return n, 0, 1


def _merge_subheader(header: list[str], sub: list[str]) -> list[str] | None:
    """Combine a two-row header when the second row only fills cells under a heading that spans
    several columns (its cells to the right are empty) or under empty header cells."""
    if not sub or sub[0] or len(set(sub) - {""}) == 0:
        return None
    width = max(len(header), len(sub))
    head = header + [""] * (width - len(header))
    low = sub + [""] * (width - len(sub))
    owner: list[str] = []
    spanning: list[bool] = []
    last = ""
    for i, h in enumerate(head):
        if h:
            last = h
            owner.append(h)
            spanning.append(i + 1 < width and head[i + 1] == "")
        else:
            owner.append(last)
            spanning.append(bool(last))
    for i, cell in enumerate(low):
        if cell and head[i] and not spanning[i]:
            return None
    # A spanning heading is named by the second row in every column it spans, or it is no
    # sub-header but a form row that happens to start empty.
    for i, h in enumerate(head):
        if h and spanning[i]:
            j = i + 1
            while j < width and head[j] == "":
                j += 1
            if any(low[i:j]) and not all(low[i:j]):
                return None
    merged = []
    for i in range(width):
        if low[i] and owner[i]:
            merged.append(f"{owner[i]}/{low[i]}")
        else:
            merged.append(head[i] or low[i])
    return merged


def _looks_like_data(first: list[str], second: list[str]) -> bool:
    """A first row that is shaped like the next one (``第一章`` / ``第二章``) is not a header."""
    if not first or not second:
        return False
    numeral = re.compile(r"[一二三四五六七八九十百]+")
    a, b = (numeral.sub("〇", _shape(x[0])) for x in (first, second))
    return a == b and ("0" in a or "〇" in a) and first[0] != second[0]


def _total_row(row: _Row, width: int, side_by_side: bool) -> _Row:
    """A 合计 line. Across side-by-side copies it spans the whole width, so its figures cannot
    be placed under one copy's column by position: they go to the last columns, in order."""
    if not side_by_side:
        return _Row(row.line, (row.cells + [""] * width)[:width])
    values = [c for c in row.cells[1:] if c][: width - 1]
    return _Row(row.line, [row.cells[0]] + [""] * (width - 1 - len(values)) + values)


def _is_section_label(text: str) -> bool:
    """A sub-heading line of a 序号 list (``劳动就业``, ``一、…``): not a number, not a template
    placeholder (``例``, ``……``), not a total."""
    return not _INT.match(text) and len(_CJK_CHAR.findall(text)) >= 2 and not _TOTAL.match(text)


# ---------------------------------------------------------------------------------------------
# Merged cells


def _fill_columns(rows: list[_Row], header: list[str], width: int) -> list[int]:
    """Columns printed as merged cells: named, filled on the first row, and left empty in at
    least two separate groups making up a good part of the column. A column that is empty
    once (a missing value) or in one trailing run (items without a code) is not merged."""
    strong: list[int] = []
    weak: list[tuple[int, set[int]]] = []
    for c in range(width):
        if c >= len(header) or not header[c] or not rows or not rows[0].cells[c]:
            continue
        # A merged cell is reprinted at the top of each page; a column mostly empty there holds
        # its text somewhere inside the group (一卡通 分工表), where filling down would be wrong.
        # (Not every blank line is a page break, so one empty page top is tolerated.)
        tops = [r for r in rows if r.page_start]
        if any(r.page_start == 2 and not r.cells[c] for r in tops):
            continue
        if 3 * sum(1 for r in tops if not r.cells[c]) > len(tops):
            continue
        blank = {i for i, r in enumerate(rows) if not r.cells[c]}
        runs = sum(1 for i in range(1, len(rows)) if i in blank and i - 1 not in blank)
        if runs < 2:
            continue
        if len(blank) >= 0.3 * len(rows):
            strong.append(c)
        elif len(blank) >= 0.2 * len(rows):
            weak.append((c, blank))
    # A merged cell whose text wrapped onto the next row is empty less often, but only ever on
    # rows where a plainly merged column is empty too (附件3: age pieces beside the delay).
    result = list(strong)
    for c, blank in weak:
        if any(blank <= {i for i, r in enumerate(rows) if not r.cells[s]} for s in strong):
            result.append(c)
    return sorted(result)


@dataclass
class _Typo:
    line: int
    column: str
    printed: str
    corrected: str
    joined: str


def _fill_down(rows: list[_Row], columns: list[int], header: list[str]) -> list[_Typo]:
    """Fill merged cells down, joining a merged cell's text that wrapped onto the next row."""
    typos: list[_Typo] = []
    full = [r for r in rows if all(r.cells[c] for c in columns)]
    for c in columns:
        shapes = {_shape(r.cells[c]) for r in full}
        for members, value in _groups(rows, c, shapes, header[c], typos):
            for i in members:
                rows[i].cells[c] = value
    return typos


def _groups(
    rows: list[_Row], c: int, shapes: set[str], column: str, typos: list[_Typo]
) -> list[tuple[list[int], str]]:
    """The merged groups of column `c`: (row indexes, text of the merged cell).

    A cell continues the cell above (rather than starting a new group) when it is on the very
    next row, its own shape never occurs on rows where every merged column is filled, and the
    joined text has a shape that does — ``53岁`` + ``1个月`` like ``53岁5个月``. A piece that
    only fits after writing ``个月`` for ``月`` is an evident misprint: corrected, reported."""
    groups: list[tuple[list[int], str]] = []
    members: list[int] = []
    value = ""
    last_filled = -2
    for i, row in enumerate(rows):
        cell = row.cells[c]
        if not cell:
            members.append(i)
            continue
        if members and last_filled == i - 1 and _shape(cell) not in shapes:
            piece = cell
            if _shape(value + piece) not in shapes:
                piece = _MONTH_WITHOUT_GE.sub(r"\1个月", cell)
            if _shape(value + piece) in shapes:
                if piece != cell:
                    typos.append(_Typo(row.line, column, cell, piece, value + piece))
                value += piece
                members.append(i)
                last_filled = i
                continue
        if members:
            groups.append((members, value))
        members, value, last_filled = [i], cell, i
    if members:
        groups.append((members, value))
    return groups


# ---------------------------------------------------------------------------------------------
# Keys, numbering, counts


def _sort_key(text: str) -> tuple[int, int] | None:
    m = _YEAR_MONTH.match(text)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = _YEAR.match(text)
    if m:
        return int(m.group(1)), 0
    if _INT.match(text):
        return int(text), 0
    return None


def _sorted_if_keyed(rows: list[_Row]) -> list[_Row]:
    """Rows of side-by-side copies in the table's own order, when the first column says it."""
    keys = [_sort_key(r.cells[0]) for r in rows]
    if not rows or any(k is None for k in keys) or len(set(keys)) != len(keys):
        return rows
    order = sorted(range(len(rows)), key=lambda i: keys[i] or (0, 0))
    return [rows[i] for i in order]


def _numbering_findings(doc_id: str, name: str, rows: list[_Row]) -> list[Finding]:
    """Gaps, duplicates and order breaks in the 序号 of a list.

    A number printed again at the top of a page right after the same number is the reprint
    of a merged 序号 cell (one school, several specialities), not a duplicate."""
    findings: list[Finding] = []
    numbered: list[tuple[int, int]] = []
    for r in rows:
        if not _INT.match(r.printed_key):
            continue
        n = int(r.printed_key)
        if r.page_start and numbered and numbered[-1][0] == n:
            continue
        numbered.append((n, r.line))
    if not numbered:
        return findings
    seen = Counter(n for n, _ in numbered)
    for n, count in sorted(seen.items()):
        if count > 1:
            lines = [ln for k, ln in numbered if k == n]
            findings.append(
                Finding(
                    "numbering_duplicate",
                    f"{name}序号{n}出现{count}次(第{'、'.join(map(str, lines))}行)",
                    min(lines),
                    max(lines),
                    doc_id,
                )
            )
    top = max(seen)
    missing = [n for n in range(1, top + 1) if n not in seen]
    by_number = {n: ln for n, ln in numbered}
    for run in _runs(missing):
        after = next((by_number[k] for k in range(run[-1] + 1, top + 1) if k in by_number), rows[-1].line)
        before = next((by_number[k] for k in range(run[0] - 1, 0, -1) if k in by_number), after)
        label = str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}"
        where = f"第{before}–{after}行之间" if before != after else f"第{after}行之前"
        findings.append(Finding("numbering_gap", f"{name}缺少序号{label}({where})", before, after, doc_id))
    for (prev, _), (n, line) in itertools.pairwise(numbered):
        if n < prev:
            findings.append(
                Finding(
                    "numbering_order",
                    f"{name}序号{n}印在序号{prev}之后(第{line}行),顺序错乱",
                    line,
                    line,
                    doc_id,
                )
            )
    return findings


def _runs(numbers: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


# ---------------------------------------------------------------------------------------------
# Title


def _title(lines: list[tuple[int, str]], start_index: int) -> str:
    """The caption printed above the table: the nearest short line before it, skipping unit
    notes (``单位:人次``); a bare ``附件2`` label or running prose gives no title."""
    for index in range(start_index - 1, max(start_index - 8, -1), -1):
        text = fold_line(lines[index][1])
        if not text or _UNIT_LINE.match(text):
            continue
        if _ANNEX_LABEL.match(text) or len(text) > _TITLE_MAX or text.endswith(("。", "；", ";", "：", ":")):
            return ""
        return _ANNEX_PREFIX.sub("", text).replace(" ", "")
    return ""


# ---------------------------------------------------------------------------------------------
# One block → one table


@dataclass
class _Parsed:
    columns: list[str]
    rows: list[_Row]
    findings: list[Finding]


def _parse_block(doc_id: str, title: str, block: _Block) -> _Parsed | None:
    all_rows = block.rows
    # 1. captions, header (and a second header row)
    captions: set[tuple[str, ...]] = set()
    header_at = 0
    while header_at < len(all_rows) - 1 and _is_caption(all_rows[header_at], all_rows[header_at + 1]):
        captions.add(tuple(all_rows[header_at].filled()))
        header_at += 1
    header = list(all_rows[header_at].cells)
    skip = {id(r) for r in all_rows[: header_at + 1]}
    repeated_sub: list[str] | None = None
    following = all_rows[header_at + 1] if header_at + 1 < len(all_rows) else None
    if following is not None and _looks_like_data(header, following.cells):
        header = []
        skip = {id(r) for r in all_rows[:header_at]}
    elif following is not None:
        merged = _merge_subheader(header, following.cells)
        if merged is not None:
            skip.add(id(following))
            repeated_sub = list(following.cells)
            header = merged
    raw_header = list(all_rows[header_at].cells) if header else []
    if header:
        width, spacer, count = _copies(header)
    else:
        width, spacer, count = max(len(r.cells) for r in all_rows), 0, 1
    if count == 1:
        width = max([len(header)] + [len(r.cells) for r in all_rows])
    copy_header = (header + [""] * width)[:width] if header else []

    # 2. rows, copy by copy within each page
    def is_repeat(cells: list[str]) -> bool:
        if header and cells in (raw_header, header):
            return True
        if repeated_sub is not None and cells == repeated_sub:
            return True
        return tuple(c for c in cells if c) in captions

    ordered: list[_Row] = []
    totals: list[_Row] = []
    for segment in block.segments:
        pieces: list[list[_Row]] = [[] for _ in range(count)]
        under_header = 1
        for row in segment:
            if id(row) in skip or is_repeat(row.cells):
                under_header = 2
                continue
            if _TOTAL.match(row.cells[0]):
                totals.append(_total_row(row, width, count > 1))
                continue
            for j in range(count):
                lo = j * (width + spacer)
                part = (row.cells[lo : lo + width] + [""] * width)[:width]
                if count > 1 and (part == copy_header or not any(part)):
                    continue
                if any(part):
                    pieces[j].append(_Row(row.line, part))
        for piece in pieces:
            if piece:
                piece[0].page_start = under_header
            ordered.extend(piece)
    if not ordered:
        return None

    # 3. sub-headings of 序号 lists
    columns = copy_header if header else [""] * width
    numbered = sum(1 for r in ordered if _INT.match(r.cells[0]))
    is_list = bool(columns) and columns[0] == "序号" and numbered >= 0.5 * len(ordered) and width >= 3
    has_sections = False
    if is_list:
        data: list[_Row] = []
        levels: dict[int, str] = {}
        carry_page_start = 0
        for r in ordered:
            filled = [i for i, c in enumerate(r.cells) if c]
            if filled == [0] and _is_section_label(r.cells[0]):
                level = 2 if _SUB_SECTION.match(r.cells[0]) else 1
                levels = {k: v for k, v in levels.items() if k < level}
                levels[level] = r.cells[0]
                has_sections = True
                carry_page_start = max(carry_page_start, r.page_start)
                continue
            r.section = " / ".join(levels[k] for k in sorted(levels))
            r.page_start = max(r.page_start, carry_page_start)
            carry_page_start = 0
            data.append(r)
        ordered = data
        if not ordered:
            return None

    # 4. merged cells (the 序号 as printed is kept for the numbering check)
    findings: list[Finding] = []
    name = f"《{title}》" if title else "表格"
    for r in ordered:
        r.printed_key = r.cells[0]
    fill = _fill_columns(ordered, columns, width)
    if fill:
        for typo in _fill_down(ordered, fill, columns):
            findings.append(
                Finding(
                    "table_typo",
                    f"{name}第{typo.line}行“{typo.column}”一栏印作“{typo.printed}”,"
                    f"按版式应为“{typo.corrected}”(与上一行合为“{typo.joined}”)",
                    typo.line,
                    typo.line,
                    doc_id,
                )
            )
    if count > 1:
        ordered = _sorted_if_keyed(ordered)

    # 5. numbering and stated count
    if is_list:
        findings.extend(_numbering_findings(doc_id, name, ordered))

    stated = _STATED_COUNT.search(title)
    numbers = [int(r.cells[0]) for r in ordered if is_list and _INT.match(r.cells[0])]
    if stated and int(stated.group(1)) != len(ordered):
        first, last = min(r.line for r in ordered), max(r.line for r in ordered)
        findings.append(
            Finding(
                "count_mismatch",
                f"{name}标明共{stated.group(1)}件,实际列出{len(ordered)}行"
                + (f"(最大序号{max(numbers)})" if numbers else ""),
                first,
                last,
                doc_id,
            )
        )
    ordered.extend(totals)
    if has_sections:
        columns = [*columns, SECTION_COLUMN]
        for r in ordered:
            r.cells = [*r.cells, r.section]
    return _Parsed(columns, ordered, findings)


def parse_tables(doc_id: str, lines: list[tuple[int, str]]) -> tuple[list[Table], list[Finding]]:
    """All tables of one document, in document order, with the findings they raise.

    `lines` is the document's whole span as (source line number, raw text), blank lines
    included. Table ids are ``{doc_id}/表{n}``; `provision_id` is left to the caller, which
    knows the outline (it places a table by line containment)."""
    tables: list[Table] = []
    findings: list[Finding] = []
    for block in _find_blocks(lines):
        title = _title(lines, block.start_index)
        parsed = _parse_block(doc_id, title, block)
        if parsed is None:
            continue
        all_lines = [r.line for r in block.rows]
        tables.append(
            Table(
                id=f"{doc_id}/表{len(tables) + 1}",
                doc_id=doc_id,
                provision_id=None,
                title=title,
                columns=parsed.columns,
                rows=[r.cells for r in parsed.rows],
                row_lines=[r.line for r in parsed.rows],
                line_start=min(all_lines),
                line_end=max(all_lines),
            )
        )
        findings.extend(parsed.findings)
    return tables, findings
