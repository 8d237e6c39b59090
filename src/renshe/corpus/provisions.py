"""The outline of one document: 编/章/节/条/款/项, 一、(一)1.(1)①, 附件, embedded instruments.

`parse_provisions` reads a document's body lines (after its header) once, top to bottom, and
keeps a stack of open nodes. Labels decide where a line goes; lines without a label either
continue the open paragraph (a page break split it) or open a new paragraph. Every node keeps
its exact source lines, so any answer can point back to the page while `text` is clean.

Identifier decisions (see docs/identifiers.md): an article's path omits the 编/章/节 above it
(Chinese law numbers articles continuously across chapters and cites them without the chapter,
so `…/第二十条` stays stable), while its `parent_id` still points at the chapter. An article's
own text is its first paragraph; only the following paragraphs become children `第二款`,
`第三款`…, so nothing is stored twice and `第二款` means what a lawyer means by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from renshe.corpus.model import Finding, Provision
from renshe.corpus.text import cn_to_int, ends_sentence, fold_line, has_and_artifact, is_terminal

_CN = "一二三四五六七八九十百零〇两"
_RE_PART = re.compile(rf"^第([{_CN}]+)编(?:[\s\u3000]+(.*))?$")
_RE_CHAPTER = re.compile(rf"^第([{_CN}]+)章(?:[\s\u3000]*(.{{0,30}}))?$")
_RE_SECTION = re.compile(rf"^第([{_CN}]+)节(?:[\s\u3000]+(.{{0,30}}))?$")
_RE_ARTICLE = re.compile(rf"^第([{_CN}]+)条[\s\u3000]+(.*)$")
_RE_H1 = re.compile(rf"^([{_CN}]{{1,3}})[、．.](.*)$")
_RE_H2 = re.compile(rf"^[（(]([{_CN}]{{1,3}})[）)](.*)$")
_RE_H3 = re.compile(r"^(\d{1,2})[.．、](?!\d+[%％万元倍个])(.*)$")
_RE_H4 = re.compile(r"^[（(](\d{1,2})[）)](.*)$")
_RE_H5 = re.compile(r"^([①-⑳])(.*)$")
_RE_ANNEX = re.compile(r"^附\s*件\s*(\d{0,2})\s*$")
# An article of another instrument printed in an annex under its title, `《失业保险条例》第十四条 …`
# (失业保险金申领发放办法 附件2, source lines 8875/8881/8889): an article of its own, not text of
# the item above it.
# The document's own commencement sentence, `本通知自2025年1月1日起开始施行,…`.
_RE_EFFECT = re.compile(r"^本(?:通知|意见|办法|规定|决定|公告|方案|细则)自[^。]{0,40}?(?:施行|实施|执行)")
_RE_QUOTED_ARTICLE = re.compile(rf"^《([^《》]{{2,40}})》(第([{_CN}]+)条)[\s\u3000]+(.+)$")
_RE_ATTACH_LIST = re.compile(r"^附\s*件\s*[:：]\s*(.*)$")
_RE_DATE = re.compile(
    r"^(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$"
)
_RE_NOTE = re.compile(r"^[(（](此件|联系人|新华社|本文|此文).{0,60}[)）]$|^(抄送|联系人|联系电话)[:：]")
_RE_TITLE_END = re.compile(
    r"(办法|方案|规定|条例|细则|意见|通知|决定|清单|目录|表|指南|标准|体系|措施|规程|规则|简章|名单|计划"
    r"|制度|要点|须知|流程|流程图|公告|说明|图)(?:[(（][^()（）]{1,24}[)）])?$"
)
_RE_QUOTED = re.compile(r"《([^《》]{4,80})》|〈([^〈〉]{4,80})〉")
_RE_STRAY_ARTICLE = re.compile(rf"[。；;]第[{_CN}]+条(?![规中第、和至及的（(之])")
# A running header of another publication pasted into the text (line 1328): a magazine issue.
_RE_HEADER_RESIDUE = re.compile(r"专刊\s*\d{4}\s*年第\s*\d+\s*期|clsn\.com")
_RE_LEAD = re.compile(r"^\s*(?:[-*+]\s+|\*\*|#{1,6}\s+)*")
# A run-in first sentence that reads as a rule, not a heading ("本办法自…施行。", "对…的,…").
_RE_NOT_HEADING = re.compile(
    r"^(本|对|各|在|从|自|凡|按|经|根据|为|如|以|由|将|因|除|属于)|施行|执行|负责|应当|可以|不得|的"
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９（）", "0123456789()")

_STRUCT_RANK = {"part": 1, "chapter": 2, "section": 3, "article": 4}
_CONTAINERS = ("root", "instrument", "annex")
_LEAVES = ("preamble", "closing", "closing_paragraph")


@dataclass
class _Node:
    kind: str
    label: str
    seg: str
    heading: str = ""
    style: str = ""
    num: int | None = None
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # own non-blank source lines
    paras: list[str] = field(default_factory=list)
    open: bool = False  # the last paragraph may continue on the next line
    sub_paras: int = 1  # paragraphs of an article so far (for 第二款…)
    path: tuple[str, ...] = ()
    id: str = ""
    line_start: int = 0
    line_end: int = 0


@dataclass
class _Label:
    kind: str  # part|chapter|section|article|h1..h5
    num: int
    label: str
    seg: str
    rest: str


def match_label(clean: str, raw: str | None = None) -> _Label | None:
    """The structural label a clean line starts with, if any (full-width digits accepted).

    Articles need the raw line: `第七条 …` is an article but `第七条第一款中的…` (an amendment
    sentence) is not, and only the printed space tells them apart; cleaning folds that space.
    """
    s = clean.translate(_FULLWIDTH)
    heads = (("part", _RE_PART, "编"), ("chapter", _RE_CHAPTER, "章"), ("section", _RE_SECTION, "节"))
    for kind, rx, unit in heads:
        m = rx.match(s)
        if m and (raw is None or raw.count("\t") <= 1):
            n = _cn(m.group(1))
            if n is not None:
                lab = f"第{m.group(1)}{unit}"
                return _Label(kind, n, lab, lab, (m.group(2) or "").strip())
    if "\t" in (raw if raw is not None else clean):
        return None
    light = _RE_LEAD.sub("", (raw if raw is not None else clean).replace("\u3000", " ")).strip()
    m = _RE_ARTICLE.match(light)
    if m and (n := _cn(m.group(1))) is not None:
        lab = f"第{m.group(1)}条"
        return _Label("article", n, lab, lab, fold_line(m.group(2)))
    m = _RE_H2.match(s)
    if m and (n := _cn(m.group(1))) is not None:
        return _Label("h2", n, f"({m.group(1)})", f"({m.group(1)})", m.group(2).strip())
    m = _RE_H4.match(s)
    if m:
        return _Label("h4", int(m.group(1)), f"({m.group(1)})", f"({m.group(1)})", m.group(2).strip())
    m = _RE_H1.match(s)
    if m and (n := _cn(m.group(1))) is not None and m.group(2).strip():
        return _Label("h1", n, f"{m.group(1)}、", m.group(1), m.group(2).strip())
    m = _RE_H3.match(s)
    if m and m.group(2).strip():
        return _Label("h3", int(m.group(1)), f"{m.group(1)}.", m.group(1), m.group(2).strip())
    m = _RE_H5.match(s)
    if m and m.group(2).strip():
        return _Label("h5", ord(m.group(1)) - ord("①") + 1, m.group(1), m.group(1), m.group(2).strip())
    return None


def _cn(s: str) -> int | None:
    try:
        return cn_to_int(s)
    except ValueError:
        return None


def is_title_like(s: str) -> bool:
    """A standalone line that names an instrument or annex (no clause punctuation, a title word)."""
    return (
        4 <= len(s) <= 70
        and not s.startswith(("(", "（"))
        and not any(c in s for c in "。；;,，:：")
        and _RE_TITLE_END.search(s) is not None
    )


def _heading_of(lab: _Label, in_article: bool) -> tuple[str, bool]:
    """(heading words, whether the label line is a heading that never continues)."""
    rest = lab.rest
    if lab.kind in ("part", "chapter", "section"):
        return rest.replace(" ", ""), True
    if not rest:
        return "", True
    if lab.kind != "article" and not in_article:
        plain = not any(c in rest for c in "。；;！!？?") and rest[-1] not in ",，、(（:：《“"
        if plain and (len(rest) <= 25 or (len(rest) <= 40 and "," not in rest and "，" not in rest)):
            return rest, True
    limit = 8 if lab.kind == "article" else 14
    m = re.match(rf"^([^,，、;；:：。\d]{{2,{limit}}})。(.+)$", rest)
    if m and not _RE_NOT_HEADING.search(m.group(1)):
        return m.group(1), False
    return "", False


def _closing_lines(body: list[tuple[int, str, str]]) -> set[int]:
    """Line numbers of signature blocks: issuer lines, a bare date, and notes after it."""
    out: set[int] = set()
    for i, (no, raw, clean) in enumerate(body):
        if "\t" in raw or not _RE_DATE.match(clean.replace(" ", "")):
            continue
        block = [no]
        j = i - 1
        while j >= 0 and i - j <= 14 and _issuer_like(body[j][2], body[j][1]):
            block.append(body[j][0])
            j -= 1
        k = i + 1
        while k < len(body) and _RE_NOTE.match(body[k][2]):
            block.append(body[k][0])
            k += 1
        last = k >= len(body)
        nxt = body[k][2] if not last else ""
        follows = last or _RE_ANNEX.match(nxt) or _RE_ATTACH_LIST.match(nxt) or is_title_like(nxt)
        if len(block) > 1 or follows:
            out.update(block)
    return out


def _issuer_like(clean: str, raw: str) -> bool:
    return (
        0 < len(clean) <= 40
        and "\t" not in raw
        and not any(c in clean for c in "。；;,，:：!！?？《》")
        and match_label(clean, raw) is None
        and not _RE_DATE.match(clean.replace(" ", ""))
        and not _RE_ANNEX.match(clean)
        and not is_title_like(clean)
    )


class _Parser:
    """One pass over a document body; see the module docstring."""

    def __init__(self, doc_id: str, lines: list[tuple[int, str]]) -> None:
        self.doc_id = doc_id
        self.raw = {no: text for no, text in lines}
        self.body = [(no, raw, fold_line(raw)) for no, raw in lines if fold_line(raw)]
        self.closing = _closing_lines(self.body)
        self.root = _Node("root", "", "")
        self.stack: list[_Node] = [self.root]
        self.nodes: list[_Node] = []
        self.findings: list[Finding] = []
        self.quoted: list[str] = []
        self.attachments: dict[str, str] = {}  # title -> annex label from the 附件: list
        self.annex_title_pending: _Node | None = None
        self.in_attach_list = False
        self.after_closing = False
        self.seq: dict[tuple[int, str], int] = {}
        self.toc_seen: set[str] | None = None
        self.next_raw = ""

    # -- stack helpers -------------------------------------------------------------------
    @property
    def top(self) -> _Node:
        return self.stack[-1]

    def container(self) -> _Node:
        return next(n for n in reversed(self.stack) if n.kind in _CONTAINERS)

    def pop_to(self, node: _Node) -> None:
        while self.top is not node:
            self.stack.pop()

    def article(self) -> _Node | None:
        for n in reversed(self.stack):
            if n.kind == "article":
                return n
            if n.kind in _CONTAINERS:
                return None
        return None

    def add(self, parent: _Node, node: _Node, no: int) -> _Node:
        node.parent = parent
        node.line_start = no
        parent.children.append(node)
        self.nodes.append(node)
        self.pop_to(parent)
        self.stack.append(node)
        return node

    def own(self, node: _Node, no: int, text: str, *, open_: bool, new_para: bool = False) -> None:
        node.lines.append(no)
        if text:
            if node.paras and not new_para and node.open:
                node.paras[-1] += text
            else:
                node.paras.append(text)
        node.open = open_

    # -- numbering -------------------------------------------------------------------------
    def check_seq(self, scope: _Node, kind: str, num: int, label: str, no: int) -> None:
        key = (id(scope), kind)
        last = self.seq.get(key)
        self.seq[key] = num
        if last is None or num == last + 1 or num == 1:
            return
        if num <= last:
            self.finding("numbering_duplicate", f"编号“{label}”重复或倒序(前一个编号为第{last}个)", no, no)
        else:
            self.finding("numbering_gap", f"编号“{label}”之前缺少编号(前一个编号为第{last}个)", no, no)

    def finding(self, kind: str, message: str, a: int, b: int) -> None:
        self.findings.append(Finding(kind, message, a, b, self.doc_id))

    # -- the pass ----------------------------------------------------------------------------
    def run(self) -> None:
        for i, (no, raw, clean) in enumerate(self.body):
            self.next_raw = self.body[i + 1][1] if i + 1 < len(self.body) else ""
            if has_and_artifact(raw):
                self.finding("extraction_artifact", "中文句中出现英文单词“and”,清洗文本按“和”处理", no, no)
            if _RE_HEADER_RESIDUE.search(raw):
                self.finding("garbled", "正文中混入其他出版物的页眉或网址,条文可能被截断或错位", no, no)
            self.line(no, raw, clean)
            art = self.article()
            if art is not None and _RE_STRAY_ARTICLE.search(raw):
                self.finding("garbled", f"{art.label}正文中出现另一条的条号,条文顺序可能错乱", no, no)

    def line(self, no: int, raw: str, clean: str) -> None:
        if no in self.closing:
            self.close_block(no, clean)
            return
        if "\t" in raw and match_label(clean, raw) is None:
            self.top.lines.append(no)
            self.top.open = False
            return
        if self.top.kind != "root" and self.quoted_article(no, raw):
            return
        if self.annex_title_pending is not None:
            annex, self.annex_title_pending = self.annex_title_pending, None
            if match_label(clean, raw) is None and not _RE_ANNEX.match(clean):
                annex.heading = clean
                self.own(annex, no, clean, open_=False)
                return
        m_annex = _RE_ANNEX.match(clean)
        if m_annex:
            self.start_annex(no, clean, m_annex.group(1))
            return
        if self.contents(no, clean, raw):
            return
        m_list = _RE_ATTACH_LIST.match(clean)
        if m_list and "\t" in self.next_raw and not match_label(m_list.group(1)):
            # "附件:标题" straight above the annex's table: the annex itself (line 7265)
            self.start_annex(no, clean, "")
            annex = self.top
            annex.heading, annex.paras = m_list.group(1), [clean]
            self.annex_title_pending = None
            return
        if m_list:
            self.start_attach_list(no, clean, m_list.group(1))
            return
        lab = match_label(clean, raw)
        if self.in_attach_list and self.top.kind == "closing":
            if lab is not None and lab.kind == "h3" and not is_terminal(clean):
                self.attachments[_key(lab.rest)] = f"附件{lab.num}"
                self.own(self.top, no, clean, open_=False, new_para=True)
                return
            last = self.top.paras[-1] if self.top.paras else ""
            if lab is None and not is_terminal(clean) and len(clean) <= 40 and not _RE_TITLE_END.search(last):
                self.top.paras[-1] = last + clean  # an item split by a page break (line 4329/4330)
                self.top.lines.append(no)
                self._retitle_last_attachment(last, clean)
                return
            self.in_attach_list = False
        if lab is None and self.top.open:
            self.own(self.top, no, clean, open_=not ends_sentence(clean))
            return
        if lab is None:
            self.unlabelled(no, clean)
        else:
            self.labelled(no, clean, lab)
        self.quoted.extend(a or b for a, b in _RE_QUOTED.findall(clean))

    def contents(self, no: int, clean: str, raw: str) -> bool:
        """A printed table of contents (目 录 + chapter titles) stays text of the enclosing node.

        Its chapter lines would otherwise open every chapter twice (条例 at lines 14009–14016).
        """
        if clean.replace(" ", "") == "目录":
            self.toc_seen = set()
            self.top.lines.append(no)
            self.top.paras.append("目录")
            self.top.open = False
            return True
        if self.toc_seen is None:
            return False
        lab = match_label(clean, raw)
        if lab is not None and lab.kind in ("part", "chapter", "section") and lab.label not in self.toc_seen:
            self.toc_seen.add(lab.label)
            self.top.lines.append(no)
            self.top.paras.append(f"{lab.label} {lab.rest.replace(' ', '')}".strip())
            return True
        self.toc_seen = None
        return False

    def unlabelled(self, no: int, clean: str) -> None:
        instrument = self.instrument_title(clean)
        if instrument is not None:
            title, rest = instrument
            node = self.add(self.root, _Node("instrument", title, _seg_title(title)), no)
            self.after_closing = False
            self.own(node, no, title, open_=False)
            if rest:
                node.paras.append(rest)
                node.open = not ends_sentence(rest)
            return
        key = _key(clean)
        if key in self.attachments and is_title_like(clean) and self.top.kind != "root":
            label = self.attachments.pop(key)
            node = self.add(self.container_for_annex(), _Node("annex", label, label, heading=clean), no)
            self.own(node, no, clean, open_=False)
            self.finding("annex_label_missing", f"附件“{clean}”缺少“{label}”标注行(据附件目录补出)", no, no)
            return
        open_ = not ends_sentence(clean) and not is_title_like(clean)
        if self.top.kind == "closing":
            self.own(self.top, no, clean, open_=False, new_para=True)
            return
        art = self.article()
        if art is not None:
            self.new_paragraph(art, no, clean)
            return
        if self.top.kind == "root":
            node = self.add(self.root, _Node("preamble", "导语", "导语"), no)
            self.own(node, no, clean, open_=open_)
            return
        if _RE_EFFECT.match(clean) and self.top.style == "h1" and self.top.parent is self.container():
            # the document's own 施行 sentence after its last numbered part (人社部发〔2024〕76号,
            # line 8092): the closing paragraph of the whole text, not more of the last part
            node = self.add(self.container(), _Node("closing_paragraph", "结语", "结语"), no)
            self.own(node, no, clean, open_=open_)
            return
        self.own(self.top, no, clean, open_=open_, new_para=True)

    def new_paragraph(self, art: _Node, no: int, clean: str) -> None:
        """A new paragraph of an article: its 第二款, 第三款… (the first is the article's own text)."""
        art.sub_paras += 1
        n = art.sub_paras
        label = f"第{_int_cn(n)}款"
        node = self.add(art, _Node("paragraph", label, label, num=n), no)
        self.own(node, no, clean, open_=not ends_sentence(clean))

    def instrument_title(self, clean: str) -> tuple[str, str] | None:
        """(title, rest of the line) when the line starts an embedded instrument."""
        if self.top.kind == "annex" and not self.top.children and len(self.top.lines) <= 1:
            return None
        for q in sorted(set(self.quoted), key=len, reverse=True):
            t = _key(q)
            if len(t) >= 6 and _key(clean).startswith(t) and clean.replace(" ", "").startswith(t[:4]):
                flat = clean.replace(" ", "")
                cut = next(i for i in range(len(flat) + 1) if _key(flat[:i]) == t)
                title, rest = flat[:cut], flat[cut:]
                if not rest or self.after_closing or rest.startswith(("为", "根据")):
                    return title, rest
        if self.after_closing and is_title_like(clean) and _key(clean) not in self.attachments:
            return clean.replace(" ", ""), ""
        return None

    def labelled(self, no: int, clean: str, lab: _Label) -> None:
        self.after_closing = False
        while self.top.kind in _LEAVES:
            self.stack.pop()
        if lab.kind in _STRUCT_RANK:
            rank = _STRUCT_RANK[lab.kind]
            while self.top.kind not in _CONTAINERS and not (
                self.top.kind in _STRUCT_RANK and _STRUCT_RANK[self.top.kind] < rank
            ):
                self.stack.pop()
            parent = self.top
            scope = self.container() if lab.kind == "article" else parent
            self.check_seq(scope, lab.kind, lab.num, lab.label, no)
            kind = lab.kind
        else:
            parent = self.top
            for n in reversed(self.stack):
                if n.style == lab.kind:
                    parent = n.parent or self.root
                    break
                if n.kind in _CONTAINERS or n.kind in _STRUCT_RANK or n.kind == "paragraph":
                    break
            self.check_seq(parent, lab.kind, lab.num, lab.label, no)
            kind = "item" if self.article_under(parent) else lab.kind
        heading, is_heading = _heading_of(lab, kind == "item")
        fresh = _Node(kind, lab.label, lab.seg, heading=heading, style=lab.kind, num=lab.num)
        node = self.add(parent, fresh, no)
        sep = " " if lab.kind in _STRUCT_RANK else ""
        text = f"{lab.label}{sep}{lab.rest}".strip()
        self.own(node, no, text, open_=not is_heading and not ends_sentence(text))
        if kind == "article":
            self.check_article(node, lab, no)

    def quoted_article(self, no: int, raw: str) -> bool:
        """`《title》第N条 text` inside an annex: an article of the quoted instrument, segment
        `《title》第N条` (the title keeps its 《》: it names another instrument, not this one)."""
        annex = next((n for n in reversed(self.stack) if n.kind in _CONTAINERS), None)
        if annex is None or annex.kind != "annex":
            return False
        light = _RE_LEAD.sub("", raw.replace("\u3000", " ")).strip().translate(_FULLWIDTH)
        m = _RE_QUOTED_ARTICLE.match(light)
        if m is None or (num := _cn(m.group(3))) is None:
            return False
        self.annex_title_pending = None
        self.after_closing = False
        label = f"《{m.group(1)}》{m.group(2)}"
        node = self.add(annex, _Node("article", label, label, style="article", num=num), no)
        text = f"{label} {fold_line(m.group(4))}"
        self.own(node, no, text, open_=not ends_sentence(text))
        return True

    def article_under(self, parent: _Node) -> bool:
        n: _Node | None = parent
        while n is not None and n.kind not in _CONTAINERS:
            if n.kind == "article":
                return True
            n = n.parent
        return False

    def check_article(self, node: _Node, lab: _Label, no: int) -> None:
        inst = self.container()
        if inst.kind == "instrument" and lab.rest.startswith(inst.label) and len(inst.label) >= 6:
            self.finding("garbled", f"{lab.label}开头混入了文件标题“{inst.label}”", no, no)

    def close_block(self, no: int, clean: str) -> None:
        if self.top.kind != "closing":
            parent = self.container()
            self.add(parent, _Node("closing", "落款", "落款"), no)
        self.own(self.top, no, clean, open_=False, new_para=True)
        self.after_closing = True

    def start_attach_list(self, no: int, clean: str, rest: str) -> None:
        if self.top.kind != "closing":
            self.add(self.container(), _Node("closing", "落款", "落款"), no)
        self.own(self.top, no, clean, open_=False, new_para=True)
        self.in_attach_list = True
        self.after_closing = True
        lab = match_label(rest)
        if lab is not None and lab.kind == "h3":
            self.attachments[_key(lab.rest)] = f"附件{lab.num}"
        elif rest:
            self.attachments[_key(rest)] = "附件"

    def _retitle_last_attachment(self, before: str, more: str) -> None:
        lab = match_label(before)
        title = lab.rest if lab is not None and lab.kind == "h3" else _RE_ATTACH_LIST.sub(r"\1", before)
        label = self.attachments.pop(_key(title), None)
        if label is not None:
            self.attachments[_key(title + more)] = label

    def container_for_annex(self) -> _Node:
        for n in reversed(self.stack):
            if n.kind in ("root", "instrument"):
                return n
        return self.root

    def start_annex(self, no: int, clean: str, num: str) -> None:
        label = f"附件{num}" if num else "附件"
        for key, lab in list(self.attachments.items()):
            if lab == label:
                del self.attachments[key]
        parent = self.container_for_annex()
        node = self.add(parent, _Node("annex", label, label, num=int(num) if num else None), no)
        if num:
            self.check_seq(parent, "annex", int(num), label, no)
        self.own(node, no, label, open_=False)
        self.annex_title_pending = node
        self.after_closing = False
        self.in_attach_list = False


def _key(s: str) -> str:
    return re.sub(r"[\s《》〈〉“”\"]", "", s)


def _seg_title(title: str) -> str:
    return re.sub(r"[\s《》/]", "", title)


def _int_cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def parse_provisions(doc_id: str, lines: list[tuple[int, str]]) -> tuple[list[Provision], list[Finding]]:
    """The outline of one document body, in document order, with findings about the source."""
    parser = _Parser(doc_id, lines)
    parser.run()
    raw = parser.raw
    used: set[str] = set()
    out: list[Provision] = []

    def visit(node: _Node, parent_path: tuple[str, ...], parent_id: str | None) -> int:
        base = parent_path
        if node.kind == "article":  # articles are cited without their chapter
            anc = node.parent
            while anc is not None and anc.kind in ("part", "chapter", "section"):
                anc = anc.parent
            base = anc.path if anc is not None else ()
        seg = node.seg
        path = (*base, seg)
        pid = f"{doc_id}/{'/'.join(path)}"
        k = 2
        while pid in used:
            path = (*base, f"{seg}~{k}")
            pid = f"{doc_id}/{'/'.join(path)}"
            k += 1
        used.add(pid)
        node.path, node.id = path, pid
        own_end = max(node.lines) if node.lines else node.line_start
        prov = Provision(
            id=pid,
            doc_id=doc_id,
            kind=node.kind,
            label=node.label,
            path=path,
            parent_id=parent_id,
            heading=node.heading,
            text="\n".join(node.paras),
            raw_text="\n".join(raw.get(n, "") for n in range(node.line_start, own_end + 1)).rstrip("\n"),
            line_start=node.line_start,
            line_end=own_end,
            order=len(out),
        )
        out.append(prov)
        end = own_end
        for child in node.children:
            end = max(end, visit(child, path, pid))
        prov.line_end = end
        return end

    for child in parser.root.children:
        visit(child, (), None)
    return out, parser.findings
