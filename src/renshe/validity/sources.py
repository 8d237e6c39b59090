"""Evidence of validity, read from the knowledge base: lists, repeal clauses, dates, revision notes.

Each function returns `Evidence` records: one statement of the text about one target document
(repealed, lapsed, amended, confirmed as continuing, superseded in part, in force from / until a
date), with the provision and a verbatim quote that make the statement. Nothing here is typed
in: the lists are found by their headings (废止 / 失效 / 修改 / 继续有效), the clauses by their
verbs (同时废止, 不再施行, 停止执行, 修改为, 以本…为准).

Where a list is parsed into KB tables (渝人社发〔2024〕6号 and 〔2024〕21号) the table rows are
used; the lists printed as numbered paragraphs (国务院令第777号, 人社部发〔2024〕32号,
人社部函〔2024〕93号, 渝府发〔2024〕23号) are parsed here from the provisions' text.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from renshe.corpus.docnum import find_all
from renshe.validity.cites import REPEAL_WORDS, find_cites, norm_title, sentence_at


@dataclass(frozen=True)
class Target:
    """A document as a statement names it: 文号 and/or title (and an edition year when needed)."""

    number: str | None
    title: str | None
    edition: str | None = None


@dataclass
class Evidence:
    """One statement of the text about the validity of one target document."""

    target: Target
    kind: str  # repealed | lapsed | amended | continuing | superseded | effective | expires
    on: date | None
    source_doc: str
    provision_id: str | None
    quote: str
    lines: tuple[int, int]
    partial: bool = False
    note: str = ""
    list_id: str | None = None  # table id or 附件 provision id of a list
    seq: int | None = None
    ground: list[dict[str, object]] = field(default_factory=list)  # the clause that dates the list


@dataclass(frozen=True)
class Doc:
    id: str
    ord: int
    doc_number: str | None
    title: str
    toc_title: str
    signed_on: date | None
    effective_from: date | None
    effective_until: date | None
    lines: tuple[int, int]
    title_start: int
    body_start: int

    @property
    def in_force_from(self) -> date | None:
        """The date the document starts to apply: its stated effective date, else its signing."""
        return self.effective_from or self.signed_on


@dataclass(frozen=True)
class Prov:
    id: str
    doc_id: str
    kind: str
    label: str
    heading: str
    text: str
    lines: tuple[int, int]
    parent_id: str | None


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def load_docs(conn: sqlite3.Connection) -> dict[str, Doc]:
    rows = conn.execute(
        "SELECT id, ord, doc_number, title, toc_title, signed_on, effective_from, effective_until, "
        "line_start, line_end, title_start, body_start FROM documents ORDER BY ord"
    ).fetchall()
    return {
        r[0]: Doc(r[0], r[1], r[2], r[3], r[4], _d(r[5]), _d(r[6]), _d(r[7]), (r[8], r[9]), r[10], r[11])
        for r in rows
    }


def load_provisions(conn: sqlite3.Connection) -> list[Prov]:
    rows = conn.execute(
        "SELECT p.id, p.doc_id, p.kind, p.label, p.heading, p.text, p.line_start, p.line_end, p.parent_id "
        "FROM provisions p JOIN documents d ON d.id = p.doc_id ORDER BY d.ord, p.ord"
    ).fetchall()
    return [Prov(r[0], r[1], r[2], r[3], r[4], r[5], (r[6], r[7]), r[8]) for r in rows]


def flat(text: str) -> str:
    """Provision text with its line breaks removed (a 文号 or title may be split across lines)."""
    return text.replace("\n", "")


def _clip(text: str, limit: int = 160) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------------------------
# Lists


_LIST_TITLE = re.compile(r"废止|失效|修改")
_ITEM_START = re.compile(r"(?:^|(?<=[)）]))\s*(?:-\s*)?(?P<seq>[一二三四五六七八九十百]{1,4}|\d{1,3})[、.．]")
_CN = {c: i for i, c in enumerate("一二三四五六七八九", 1)}


def cn_number(text: str) -> int:
    """一 → 1, 十三 → 13, 九十五 → 95; Arabic digits pass through."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN[ch]
    return total + current


def list_kind(heading_text: str) -> str | None:
    """What a list does to its entries, from its heading: 继续有效 / 失效 / 废止 / 修改."""
    if "继续有效" in heading_text:
        return "continuing"
    if "失效" in heading_text:
        return "lapsed"
    if "废止" in heading_text:
        return "repealed"
    if "修改" in heading_text:
        return "amended"
    return None


def _ground(provs: list[Prov], doc: Doc, annex_label: str, verb: str) -> list[dict[str, object]]:
    """The clause of a list document that gives the list its force (and its date)."""
    body = [p for p in provs if p.doc_id == doc.id and "/附件" not in p.id]
    words = {"repealed": "废止", "lapsed": "失效", "amended": "修改", "continuing": "继续有效"}
    word = words.get(verb, verb)
    best: list[dict[str, object]] = []
    for p in body:
        text = p.text  # line breaks kept: the salutation line is not part of the clause
        if word in text:
            i = text.find(annex_label + ")") if annex_label else -1
            sent = sentence_at(text, text.find(word), text.find(word) + len(word))
            cut = re.search(r"\d{4}年\d{1,2}月\d{1,2}日前", text)
            if cut and cut.group(0) not in sent:
                sent = sentence_at(text, cut.start(), cut.end()) + sent
            entry: dict[str, object] = {
                "doc_number": doc.doc_number,
                "provision_id": p.id,
                "quote": _clip(sent),
                "lines": list(p.lines),
            }
            if i >= 0:
                return [entry]
            if not best:
                best = [entry]
    return best


def _split_items(text: str) -> list[tuple[int, str]]:
    starts = list(_ITEM_START.finditer(text))
    out = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        out.append((cn_number(m.group("seq")), text[m.end() : end].strip()))
    return out


def _item_target(kind: str, body: str) -> Target | None:
    """The document one list item names (see the module docstring for the printed forms)."""
    cites = find_cites(body)
    paired = [c for c in cites if c.title and c.number]
    if paired:
        return Target(paired[0].number, paired[0].title)
    if kind == "amended":
        m = re.search(r"《([^》]+)》", body)
        return Target(None, m.group(1)) if m else None
    tailm = re.search(r"[(（]\s*([^()（）]+?)\s*[)）]\s*$", body)
    if tailm:
        inner = find_all(tailm.group(1))
        if len(inner) == 1 and inner[0].raw == tailm.group(1).strip():
            return Target(inner[0].canonical, body[: tailm.start()].strip(" 《》") or None)
    numbers = find_all(body)
    if numbers and not body.startswith("《"):
        n = numbers[-1]
        if re.fullmatch(r"\s*(宣布废止|废止|宣布失效|失效)?.{0,12}", body[n.end :]):
            # 32号: title, 文号 and 清理意见 printed back to back (page-header residue may follow)
            return Target(n.canonical, body[: n.start].strip() or None)
    title = re.split(r"[(（]", body, maxsplit=1)[0].strip(" 《》")
    hist = body[len(title) :]
    order = [n for n in find_all(hist) if n.kind == "order" and re.match(r"\s*(发布|公布)", hist[n.end :])]
    if not title:
        return None
    return Target(order[0].canonical if order else None, title)


def paragraph_lists(conn: sqlite3.Connection, docs: dict[str, Doc], provs: list[Prov]) -> list[Evidence]:
    """Lists printed as numbered paragraphs under a 附件 of a repeal / lapse / amendment document."""
    out: list[Evidence] = []
    by_parent: dict[str, list[Prov]] = {}
    for p in provs:
        if p.parent_id:
            by_parent.setdefault(p.parent_id, []).append(p)
    tabled = {
        r[0] for r in conn.execute("SELECT DISTINCT provision_id FROM tables WHERE provision_id IS NOT NULL")
    }
    for p in provs:
        doc = docs[p.doc_id]
        if p.kind != "annex" or not _LIST_TITLE.search(doc.title) or p.id in tabled:
            continue
        kind = list_kind(p.text)
        when = doc.in_force_from
        if kind is None or when is None:
            continue
        ground = _ground(provs, doc, p.label, kind)
        for item in by_parent.get(p.id, []):
            for seq, body in _split_items(flat(item.text)):
                target = _item_target(kind, body)
                if target is None:
                    continue
                out.append(
                    Evidence(
                        target,
                        kind,
                        when,
                        doc.id,
                        item.id,
                        _clip(f"{seq}. {body}"),
                        item.lines,
                        list_id=p.id,
                        seq=seq,
                        ground=ground,
                    )
                )
    return out


@dataclass(frozen=True)
class ListRow:
    """One row of a tabled list, kept for the reconciliation."""

    table_id: str
    seq: int
    title: str
    number_cell: str
    number: str | None
    line: int | None


def table_lists(
    conn: sqlite3.Connection, docs: dict[str, Doc], provs: list[Prov]
) -> tuple[list[Evidence], dict[str, list[ListRow]]]:
    """Repeal and continuing-validity lists parsed into KB tables (序号, 文件名称, 文号, 分类)."""
    out: list[Evidence] = []
    rows_by_table: dict[str, list[ListRow]] = {}
    for tid, doc_id, prov_id, title, columns in conn.execute(
        "SELECT t.id, t.doc_id, t.provision_id, t.title, t.columns "
        "FROM tables t JOIN documents d ON d.id = t.doc_id "
        "ORDER BY d.ord, t.ord"
    ).fetchall():
        cols = json.loads(columns)
        kind = list_kind(title)
        doc = docs[doc_id]
        if kind is None or not {"序号", "文件名称", "文号"} <= set(cols) or doc.in_force_from is None:
            continue
        i_seq, i_title, i_num = cols.index("序号"), cols.index("文件名称"), cols.index("文号")
        label = next((p.label for p in provs if p.id == prov_id), "")
        ground = _ground(provs, doc, label, kind)
        rows: list[ListRow] = []
        for line, cells in conn.execute(
            "SELECT line, cells FROM table_rows WHERE table_id = ? ORDER BY ord", (tid,)
        ):
            c = json.loads(cells)
            found = find_all(c[i_num])
            number = found[0].canonical if found else None
            row = ListRow(tid, int(c[i_seq]), c[i_title], c[i_num], number, line)
            rows.append(row)
            span = (line, line) if line else doc.lines
            quote = f"{c[i_seq]} {c[i_title]} {c[i_num]}".strip()
            out.append(
                Evidence(
                    Target(number, c[i_title]),
                    kind,
                    doc.in_force_from,
                    doc.id,
                    prov_id,
                    quote,
                    span,
                    list_id=tid,
                    seq=row.seq,
                    ground=ground,
                )
            )
        rows_by_table[tid] = rows
    return out, rows_by_table


# --------------------------------------------------------------------------------------------
# Clauses inside documents


_PARTIAL = re.compile(r"中(有关|关于)|有关.{0,12}规定|相关规定|部分条款")
_PRECEDENCE = re.compile(r"不一致的?[,，]?(以本|按本|按照本|依照本|以此)")
_EDITION = re.compile(r"(\d{4})年\d{1,2}月\d{1,2}日[^《》。]{0,40}$")


def own_keys(doc: Doc, provs: list[Prov]) -> set[str]:
    """Titles a document calls itself by: its title, TOC title, embedded instruments and annexes."""
    keys = {norm_title(doc.title), norm_title(doc.toc_title)}
    for p in provs:
        if p.doc_id != doc.id:
            continue
        if p.kind == "instrument":
            keys.add(norm_title(p.heading or p.label))
        elif p.kind == "annex":
            keys |= {norm_title(line) for line in p.text.split("\n")[:3] if line.strip()}
    return keys


def clauses(
    docs: dict[str, Doc], provs: list[Prov], skip: set[str]
) -> tuple[list[Evidence], list[dict[str, Any]]]:
    """Repeal, amendment and precedence clauses found in every provision outside the lists.

    Returns the evidence about named targets and the general clauses that name none
    (此前有关规定与本办法不一致的,按本办法执行; 各地区…退职政策…停止执行).
    """
    out: list[Evidence] = []
    general: list[dict[str, Any]] = []
    keys_of: dict[str, set[str]] = {}
    by_doc: dict[str, list[Prov]] = {}
    for p in provs:
        by_doc.setdefault(p.doc_id, []).append(p)
    for p in provs:
        if p.id in skip or p.parent_id in skip:
            continue
        text = flat(p.text)
        has_repeal = any(w in text for w in REPEAL_WORDS)
        has_amend = "修改为" in text or "作如下修改" in text or "予以修改" in text
        has_prec = bool(_PRECEDENCE.search(text))
        if not (has_repeal or has_amend or has_prec):
            continue
        doc = docs[p.doc_id]
        if doc.id not in keys_of:
            keys_of[doc.id] = own_keys(doc, by_doc[doc.id])
        when = doc.in_force_from
        cites = find_cites(text)
        seen_sentences: set[int] = set()
        for c in cites:
            sent_start = max(text.rfind(ch, 0, c.start) for ch in "。；;") + 1
            sent = sentence_at(text, c.start, c.end)
            tail = text[c.end : sent_start + len(sent)]
            before = text[sent_start : c.start]
            if re.search(r"根据|依据|依照|按照", before[-20:]):
                continue
            verb = next((w for w in REPEAL_WORDS if w in tail), None)
            amend = ("修改为" in tail or "作如下修改" in tail) and (
                before.endswith("将") or before.endswith("对")
            )
            prec = bool(_PRECEDENCE.search(tail)) and tail.startswith("中")
            if not (verb or amend or prec):
                continue
            if text[c.start - 2 : c.start] == "附件":
                continue  # an annex of the previous citation: handled with it
            edition = None
            is_self = (
                c.number == doc.doc_number
                if c.number
                else bool(c.title and norm_title(c.title) in keys_of[doc.id])
            )
            if is_self:
                m = _EDITION.search(before)
                if not (verb and m and doc.signed_on and int(m.group(1)) < doc.signed_on.year):
                    continue
                edition = f"{m.group(1)}年"
            annex = re.match(r"\s*(?:[(（][^)）]*[)）])?\s*附件《([^》]+)》", text[c.end :])
            target = Target(c.number, c.title, edition)
            lines = p.lines
            quote = _clip(sent, 200)
            seen_sentences.add(sent_start)
            if prec and not verb:
                out.append(
                    Evidence(
                        target,
                        "superseded",
                        when,
                        doc.id,
                        p.id,
                        quote,
                        lines,
                        partial=True,
                        note=f"{doc.doc_number or doc.id}规定:该文件{_clip(tail, 40)}",
                    )
                )
            elif amend:
                out.append(Evidence(target, "amended", when, doc.id, p.id, quote, lines))
            elif annex:
                out.append(
                    Evidence(
                        target,
                        "amended",
                        when,
                        doc.id,
                        p.id,
                        quote,
                        lines,
                        partial=True,
                        note=f"其附件《{annex.group(1)}》废止",
                    )
                )
            else:
                in_sent = [x for x in cites if sent_start <= x.start < sent_start + len(sent)]
                last_seg = text[in_sent[-1].end : sent_start + len(sent)] if in_sent else tail
                partial = bool(_PARTIAL.search(last_seg))
                out.append(
                    Evidence(
                        target,
                        "amended" if partial else "repealed",
                        when,
                        doc.id,
                        p.id,
                        quote,
                        lines,
                        partial=partial,
                        note="部分规定不再施行" if partial else "",
                    )
                )
        # clauses that name no document: record them for the references of the document
        for sent in re.split(r"(?<=[。；])", text):
            if any(c.start >= 0 and sent and c.raw in sent for c in cites):
                continue
            if re.search(
                r"(原有|此前|以往|原|各地区).{0,40}(不一致的.{0,6}(为准|执行)|停止执行|不再执行)", sent
            ):
                general.append(
                    {
                        "doc_id": doc.id,
                        "provision_id": p.id,
                        "quote": _clip(sent.strip(), 200),
                        "lines": list(p.lines),
                        "on": when.isoformat() if when else None,
                    }
                )
    return out, general


# --------------------------------------------------------------------------------------------
# Dates stated by the documents themselves and revision notes under their titles


def _date_pattern(d: date) -> re.Pattern[str]:
    return re.compile(rf"{d.year}\s*年\s*{d.month}\s*月\s*{d.day}\s*日")


def _find_sentence(provs: list[Prov], pattern: re.Pattern[str], words: tuple[str, ...]) -> Prov | None:
    for p in provs:
        t = flat(p.text)
        for m in pattern.finditer(t):
            s = sentence_at(t, m.start(), m.end())
            if any(w in s for w in words):
                return p
    return None


def dates(docs: dict[str, Doc], provs: list[Prov]) -> list[Evidence]:
    """Effective and end dates of every compilation document, each with the clause stating it."""
    by_doc: dict[str, list[Prov]] = {}
    for q in provs:
        by_doc.setdefault(q.doc_id, []).append(q)
    out: list[Evidence] = []
    for doc in docs.values():
        mine = by_doc.get(doc.id, [])
        target = Target(doc.doc_number, doc.title)
        start = doc.in_force_from
        if start is not None:
            words = ("施行", "执行", "实施", "生效")
            pat = _date_pattern(start)
            p: Prov | None = _find_sentence(mine, pat, words) if doc.effective_from else None
            if p is None:
                pat = re.compile(r"自(印发|发布|公布|发文|下发)之日起")
                p = _find_sentence(mine, pat, words)
            if p is None and doc.signed_on:
                pat = _date_pattern(doc.signed_on)
                p = next(
                    (q for q in reversed(mine) if q.kind == "closing" and pat.search(flat(q.text))), None
                )
            quote = ""
            if p is not None:
                t = flat(p.text)
                m = pat.search(t) or _date_pattern(start).search(t)
                quote = sentence_at(t, m.start(), m.end()) if m else _clip(t)
            note = "" if doc.effective_from else "未载明施行日期的,按成文(公布)日期起施行"
            out.append(
                Evidence(
                    target,
                    "effective",
                    start,
                    doc.id,
                    p.id if p else None,
                    _clip(quote, 200),
                    p.lines if p else doc.lines,
                    note=note,
                )
            )
        if doc.effective_until:
            pat = _date_pattern(doc.effective_until)
            p = _find_sentence(mine, pat, ("有效期", "执行至", "截至", "止", "到期", "执行期", "期限至"))
            if p is None:
                pat = re.compile(r"有效期")
                p = _find_sentence(mine, pat, ("有效期",))
            quote = ""
            if p is not None:
                t = flat(p.text)
                m = pat.search(t)
                quote = sentence_at(t, m.start(), m.end()) if m else ""
            out.append(
                Evidence(
                    target,
                    "expires",
                    doc.effective_until,
                    doc.id,
                    p.id if p else None,
                    _clip(quote, 200),
                    p.lines if p else doc.lines,
                )
            )
    return out


_REVISION = re.compile(r"根据(\d{4})年(\d{1,2})月(\d{1,2})日《([^《》]+)》[^根据)）]{0,12}(修订|修正)")


def revision_notes(
    docs: dict[str, Doc], header_text: dict[str, tuple[int, str]]
) -> tuple[list[Evidence], dict[str, str]]:
    """Amendments stated under a title (根据…《…的决定》修订) and the 令 number it was issued by.

    `header_text` maps a document id to (first line, text) of the lines between its title and
    its body. Returns the evidence and extra aliases (劳动保障部令第8号 → 失业保险金申领发放办法).
    """
    out: list[Evidence] = []
    aliases: dict[str, str] = {}
    for doc_id, (line, text) in header_text.items():
        doc = docs[doc_id]
        t = flat(text)
        for n in find_all(t):
            if n.kind == "order" and re.match(r"\s*(发布|公布)", t[n.end :]) and not doc.doc_number:
                aliases[n.canonical] = doc_id
        for m in _REVISION.finditer(t):
            when = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            quote = m.group(0)
            out.append(
                Evidence(
                    Target(doc.doc_number, doc.title),
                    "amended",
                    when,
                    doc_id,
                    None,
                    quote,
                    (line, line + text.count("\n")),
                    note=f"据《{m.group(4)}》修订",
                    ground=[{"title": m.group(4)}],
                )
            )
    return out, aliases
