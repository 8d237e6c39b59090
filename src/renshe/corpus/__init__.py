"""Source text → structured documents. Pure functions of the text: no database, no network."""

from __future__ import annotations

from renshe.corpus.model import Corpus, Document, Finding, Provision, Table, TocEntry
from renshe.corpus.source import Source, load_source

__all__ = [
    "Corpus",
    "Document",
    "Finding",
    "Provision",
    "Source",
    "Table",
    "TocEntry",
    "load_source",
    "parse_corpus",
]


def parse_corpus(source: Source) -> Corpus:
    """Parse the whole compilation: TOC, documents, their provisions and tables, and findings."""
    from renshe.corpus.documents import find_documents
    from renshe.corpus.provisions import parse_provisions
    from renshe.corpus.tables import parse_tables
    from renshe.corpus.toc import parse_toc

    toc, findings = parse_toc(source)
    documents, doc_findings = find_documents(source, toc)
    findings.extend(doc_findings)
    for doc in documents:
        body = source.span(doc.body_start, doc.line_end) if doc.body_start <= doc.line_end else []
        provisions, prov_findings = parse_provisions(doc.id, body)
        cover = _cover(doc, source)
        doc.provisions = ([cover] if cover else []) + provisions
        for i, p in enumerate(doc.provisions):
            p.order = i
        tables, table_findings = parse_tables(doc.id, source.span(doc.line_start, doc.line_end))
        _attach_tables(tables, doc.provisions)
        doc.tables = tables
        findings.extend(_with_doc(f, doc) for f in prov_findings + table_findings)
    findings = [_doc_of(f, documents) for f in findings]
    findings.sort(key=lambda f: (f.line_start, f.kind))
    return Corpus(source_sha256=source.sha256, toc=toc, documents=documents, findings=findings)


def _cover(doc: Document, source: Source) -> Provision | None:
    """An order (令) prints its promulgation cover before the title: keep it as a provision."""
    from renshe.corpus.text import join_paragraphs

    title_line = doc.title_start
    if title_line <= doc.line_start:
        return None
    lines = [source.line(n) for n in range(doc.line_start, title_line)]
    return Provision(
        id=f"{doc.id}/公布令",
        doc_id=doc.id,
        kind="promulgation",
        label="公布令",
        path=("公布令",),
        parent_id=None,
        heading="",
        text=join_paragraphs(lines),
        raw_text="\n".join(lines),
        line_start=doc.line_start,
        line_end=title_line - 1,
    )


def _attach_tables(tables: list[Table], provisions: list[Provision]) -> None:
    """A table belongs to the innermost provision whose span contains it."""
    for table in tables:
        best: Provision | None = None
        for p in provisions:
            if (
                p.line_start <= table.line_start
                and table.line_end <= p.line_end
                and (best is None or p.line_end - p.line_start <= best.line_end - best.line_start)
            ):
                best = p
        table.provision_id = best.id if best else None


def _with_doc(f: Finding, doc: Document) -> Finding:
    if f.doc_id:
        return f
    return Finding(f.kind, f.message, f.line_start, f.line_end, doc.id)


def _doc_of(f: Finding, documents: list[Document]) -> Finding:
    if f.doc_id:
        return f
    for d in documents:
        if d.line_start <= f.line_start <= d.line_end:
            return Finding(f.kind, f.message, f.line_start, f.line_end, d.id)
    return f
