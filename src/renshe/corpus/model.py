"""Plain data records of the parsed compilation.

The corpus layer is a pure function of the source text: these records carry no database
handles and no behaviour beyond small conveniences, so every later layer (knowledge base,
search, rules) can rely on them being exactly what the text says, with line spans back to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Finding:
    """A data-quality problem found in the source itself (not in our code)."""

    kind: str  # short machine key, e.g. "toc_title_differs", "count_mismatch", "garbled"
    message: str  # Chinese, for people
    line_start: int
    line_end: int
    doc_id: str | None = None


@dataclass(frozen=True)
class TocEntry:
    """One entry of the table of contents (source lines 1–520)."""

    index: int  # 0-based position in the TOC
    category: str  # one of the seven headings, e.g. "社会保险"
    subcategory: str | None  # the sub-heading under it, e.g. "政务服务"
    title: str  # joined, spaces folded
    doc_number_raw: str | None  # as printed
    doc_number: str | None  # canonical, when it parses
    page: int | None
    line_start: int
    line_end: int


@dataclass
class Provision:
    """One node of a document's outline: a heading, article, paragraph, item or annex.

    `path` is the chain of labels from the document root, used for the id
    (`渝人社发〔2024〕16号/三/(二)/1`). `text` is the clean text of this node's own lines
    (heading line plus body up to its first child); `raw_text` is exactly the source lines.
    """

    id: str
    doc_id: str
    # preamble|part|chapter|section|article|paragraph|item|h1…h5|annex|instrument|closing|promulgation
    kind: str
    label: str  # the provision's own label: 第三条, 三、, (二), 1., 附件2
    path: tuple[str, ...]
    parent_id: str | None
    heading: str  # heading words after the label (e.g. chapter title), may be ""
    text: str
    raw_text: str
    line_start: int
    line_end: int
    order: int = 0


@dataclass
class Table:
    """A table found in a document, with its header and rows as printed (merged cells filled)."""

    id: str
    doc_id: str
    provision_id: str | None
    title: str
    columns: list[str]
    rows: list[list[str]]
    row_lines: list[int]
    line_start: int
    line_end: int


@dataclass
class Document:
    """A document of the compilation with its metadata and source span."""

    id: str
    doc_number: str | None
    title: str
    issuers: list[str]
    signed_on: date | None
    effective_from: date | None
    effective_until: date | None
    category: str
    subcategory: str | None
    line_start: int
    line_end: int
    toc_index: int
    toc_title: str
    toc_page: int | None
    doc_number_raw: str | None = None
    title_start: int = 0  # first line of the printed title (after an order's cover)
    body_start: int = 0  # first line after the header (title, 文号, adoption note)
    provisions: list[Provision] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Corpus:
    """Everything parsed from one source text."""

    source_sha256: str
    toc: list[TocEntry]
    documents: list[Document]
    findings: list[Finding]
