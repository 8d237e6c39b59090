"""The TOC is the oracle: every entry matched to one body document and back."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

from renshe.corpus import Corpus, Source
from renshe.corpus.source import SOURCE_SHA256
from renshe.corpus.toc import CATEGORY_NAMES
from renshe.resources import read_bytes

REPO = Path(__file__).resolve().parents[2]


def test_source_is_byte_identical_to_the_shared_copy() -> None:
    data = read_bytes("data", "compilation-2024.txt")
    assert hashlib.sha256(data).hexdigest() == SOURCE_SHA256
    shared = REPO.parent / "shared" / "corpus" / "compilation-2024.txt"
    if shared.is_file():
        assert shared.read_bytes() == data


def test_toc_has_136_entries_in_seven_categories(corpus: Corpus) -> None:
    assert len(corpus.toc) == 136
    assert [c for c in CATEGORY_NAMES] == list(dict.fromkeys(e.category for e in corpus.toc))
    first, last = corpus.toc[0], corpus.toc[-1]
    assert first.title == "全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定"
    assert first.page == 2  # line 19: "……………2"
    assert last.doc_number == "渝人社发〔2024〕9号" and last.page == 915  # line 520


def test_toc_pages_glued_to_text_are_split(corpus: Corpus) -> None:
    by_title = {e.title: e for e in corpus.toc}
    # line 65–67: "〔2024〕——168122" = 文号 fragment "〔2024〕——168" + page 122
    e = next(e for e in corpus.toc if e.doc_number_raw == "〔2024〕——168")
    assert e.page == 122 and e.doc_number is None
    # line 61: "渝人社〔2024〕282号111"
    assert (
        by_title["重庆市人力资源和社会保障局等5个部门关于印发《高效办成退休“一件事”工作实施方案》的通知"].page
        == 111
    )


def test_toc_subheadings(corpus: Corpus) -> None:
    subs = {e.subcategory for e in corpus.toc if e.subcategory}
    assert {
        "政务服务",
        "高校毕业生就业",
        "工伤保险",
        "基本养老保险",
        "失业保险",
        "技能人才",
        "工资福利",
    } <= subs
    wage = next(e for e in corpus.toc if e.doc_number == "渝人社发〔2024〕22号")
    assert (wage.category, wage.subcategory) == ("劳动关系", "工资福利")


def test_every_toc_entry_matches_exactly_one_document(corpus: Corpus) -> None:
    indexes = [d.toc_index for d in corpus.documents]
    assert indexes == list(range(len(corpus.toc)))


def test_documents_tile_the_body(corpus: Corpus, source: Source) -> None:
    """No body text is dropped: between documents there are only blank lines and headings."""
    docs = corpus.documents
    assert docs[0].line_start == 524
    for a, b in itertools.pairwise(docs):
        assert a.line_end < b.line_start
        gap = [source.line(n).strip() for n in range(a.line_end + 1, b.line_start)]
        assert all(len(g) <= 12 for g in gap if g), (a.id, gap)


def test_title_differences_are_findings(corpus: Corpus) -> None:
    msgs = [f.message for f in corpus.findings if f.kind == "toc_title_differs"]
    assert any("春暖农民工" in m and "城暖农民工" in m for m in msgs)
    assert any("人社领域" in m and "人力社保领域" in m for m in msgs)
    only = {(f.kind, f.doc_id) for f in corpus.findings if f.kind.startswith("docnum_")}
    assert ("docnum_body_only", "渝府办发〔2024〕73号") in only
    assert ("docnum_toc_only", "渝人社办〔2024〕26号") in only
    # 130号 prints its 文号 below a title of nine lines (13794–13804): found, so no finding
    assert ("docnum_toc_only", "渝人社〔2024〕130号") not in only


def test_document_metadata(corpus: Corpus) -> None:
    docs = {d.id: d for d in corpus.documents}
    d = docs["渝人社发〔2024〕16号"]
    assert d.issuers == ["重庆市人力资源和社会保障局", "重庆市财政局"]
    assert str(d.signed_on) == "2024-06-25"
    assert (d.category, d.subcategory) == ("社会保险", "基本养老保险")
    decision = docs["延迟退休决定"]
    assert str(decision.signed_on) == "2024-09-13"  # adopted (line 526)
    assert str(decision.effective_from) == "2025-01-01"  # 五、本决定自2025年1月1日起施行 (line 539)
    order = docs["国务院令第772号"]
    assert order.title == "中华人民共和国档案法实施条例"
    assert order.line_start == 847 and order.title_start > order.line_start  # cover first
    assert str(order.effective_from) == "2024-03-01"
    flexible = docs["人社部发〔2024〕94号"]
    assert flexible.issuers == ["人力资源社会保障部", "中共中央组织部", "财政部"]  # "财 政 部" folded
    assert str(flexible.signed_on) == "2024-12-31"
    # "本通知自印发之日起执行至2028年9月30日" (line ~3497): the notice's own end date
    assert str(docs["渝人社发〔2024〕11号"].effective_until) == "2028-09-30"
    # "本通知自2025年1月1日起开始施行,执行至2039年12月31日"
    assert str(docs["人社部发〔2024〕76号"].effective_until) == "2039-12-31"
    # "政策执行至2025年12月31日" ends a measure, not the notice; "有效期为3年" is a certificate's
    assert docs["人社部发〔2024〕44号"].effective_until is None
    assert docs["渝人社发〔2024〕3号"].effective_until is None


def test_orders_get_order_numbers(corpus: Corpus) -> None:
    ids = {d.id for d in corpus.documents}
    assert {"国务院令第772号", "国务院令第795号", "国务院令第777号", "人社部令第53号"} <= ids
