"""Turning service results into safe HTML pieces: highlights, inline citation links, URLs.

Everything here returns `Markup` built from escaped parts, so a template can print it without
`|safe` guesswork: user text and law text are escaped exactly once, here or by Jinja2.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup, escape


def cn_month(month: str | None) -> str:
    """'2030-06' → '2030年6月' (the way the rules' own texts write months)."""
    if not month or len(month) < 7 or not month[:4].isdigit() or not month[5:7].isdigit():
        return month or ""
    return f"{int(month[:4])}年{int(month[5:7])}月"


def doc_url(doc_id: str) -> str:
    return "/docs/" + quote(doc_id, safe="")


def anchor(provision_id: str) -> str:
    """The element id of a provision in the reader (its own id; HTML5 allows any character)."""
    return "p-" + provision_id


def provision_url(provision_id: str, doc_id: str | None = None) -> str:
    """Link to a provision inside its document's reader page."""
    doc = doc_id or provision_id.split("/", 1)[0]
    return doc_url(doc) + "#" + quote(anchor(provision_id), safe="/()~-")


def report_url(path: str, inputs: dict[str, str] | None = None) -> str:
    """The 报告错误 link: the page and its inputs, prefilled into the local report form."""
    target = path + ("?" + urlencode(inputs) if inputs else "")
    return "/report?" + urlencode({"page": target})


def search_url(**params: Any) -> str:
    clean = {k: v for k, v in params.items() if v not in (None, "", False)}
    return "/search?" + urlencode(clean)


def merge_spans(spans: list[list[int]] | list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Sorted, clipped, non-overlapping [start, end) spans (offsets from the search service)."""
    out: list[tuple[int, int]] = []
    for raw in sorted((int(s[0]), int(s[1])) for s in spans if len(s) == 2):
        a, b = max(0, raw[0]), min(length, raw[1])
        if a >= b:
            continue
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def highlight(text: str, spans: list[list[int]] | list[tuple[int, int]]) -> Markup:
    """`text` escaped, with the matched spans in <mark> (offsets are into the unescaped text)."""
    parts: list[str] = []
    pos = 0
    for a, b in merge_spans(spans, len(text)):
        parts.append(str(escape(text[pos:a])))
        parts.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    parts.append(str(escape(text[pos:])))
    return Markup("".join(parts))


def link_citations(text: str, refs: list[dict[str, Any]]) -> Markup:
    """`text` escaped, each cited 文号 a link: to the reader when the document is in the
    compilation, else to the validity page (or a search) for that 文号."""
    spans: list[tuple[int, int, str]] = []
    for r in refs:
        start, raw = int(r["start"]), str(r["raw"])
        if text[start : start + len(raw)] != raw:
            found = text.find(raw)
            if found < 0:
                continue
            start = found
        href = (
            doc_url(r["to_doc"])
            if r.get("to_doc")
            else r.get("external_href") or search_url(q=r["doc_number"])
        )
        spans.append((start, start + len(raw), href))
    parts: list[str] = []
    pos = 0
    for a, b, href in sorted(spans):
        if a < pos:
            continue
        parts.append(str(escape(text[pos:a])))
        cls = "cite" if href.startswith("/docs/") else "cite external"
        parts.append(f'<a class="{cls}" href="{escape(href)}">{escape(text[a:b])}</a>')
        pos = b
    parts.append(str(escape(text[pos:])))
    return Markup("".join(parts))
