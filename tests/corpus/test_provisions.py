"""Document outlines parsed from real spans of the compilation (line numbers in comments).

Spans are taken from the source maps' section A; each test slices the source itself, so the
parser is tested independently of document-boundary detection.
"""

from __future__ import annotations

import pytest

from renshe.corpus.model import Finding, Provision
from renshe.corpus.provisions import is_title_like, match_label, parse_provisions
from renshe.corpus.source import Source

Parsed = tuple[dict[str, Provision], list[Provision], list[Finding]]


def parse(source: Source, doc_id: str, start: int, end: int) -> Parsed:
    provisions, findings = parse_provisions(doc_id, source.span(start, end))
    return {p.id: p for p in provisions}, provisions, findings


@pytest.fixture(scope="module")
def decision(source: Source) -> Parsed:
    # 延迟退休决定: the body after the adoption line (526–527) runs 529–845.
    return parse(source, "延迟退休决定", 529, 845)


@pytest.fixture(scope="module")
def pension(source: Source) -> Parsed:
    # 渝人社发〔2024〕16号: addressee at 8212, signature date 8272.
    return parse(source, "渝人社发〔2024〕16号", 8212, 8272)


@pytest.fixture(scope="module")
def archives(source: Source) -> Parsed:
    # 国务院令第772号: promulgation 851–855, 条例 title 857, articles to 1152.
    return parse(source, "国务院令第772号", 851, 1152)


@pytest.fixture(scope="module")
def flexible(source: Source) -> Parsed:
    # 人社部发〔2024〕94号: addressee 1309, signature 1313–1316, 暂行办法 1318–1350.
    return parse(source, "人社部发〔2024〕94号", 1309, 1350)


# --- the NPC decision and the approved 国务院办法 ------------------------------------------------

BAN = "延迟退休决定/国务院关于渐进式延迟法定退休年龄的办法"


def test_decision_outline(decision: Parsed) -> None:
    by_id, provisions, _ = decision
    top = [p.id for p in provisions if p.parent_id is None]
    assert top == [
        "延迟退休决定/导语", "延迟退休决定/一", "延迟退休决定/二", "延迟退休决定/三", "延迟退休决定/四",
        "延迟退休决定/五", BAN,
    ]
    ban = by_id[BAN]
    assert ban.kind == "instrument" and ban.label == "国务院关于渐进式延迟法定退休年龄的办法"
    assert (ban.line_start, ban.line_end) == (541, 845)  # the 办法 owns its annexes
    children = [p.path[-1] for p in provisions if p.parent_id == BAN]
    assert children == [
        "第一条", "第二条", "第三条", "第四条", "第五条", "第六条", "第七条", "第八条", "第九条",
        "落款", "附件1", "附件2", "附件3", "附件4",
    ]
    assert [p.order for p in provisions] == list(range(len(provisions)))


def test_decision_numbered_paragraphs_are_sentences_not_headings(decision: Parsed) -> None:
    by_id, _, _ = decision
    one = by_id["延迟退休决定/一"]
    assert one.label == "一、" and one.heading == "" and one.kind == "h1"
    assert one.text.startswith("一、同步启动延迟男、女职工的法定退休年龄,用十五年时间")  # 531


def test_page_break_is_joined(decision: Parsed) -> None:
    art7 = decision[0][f"{BAN}/第七条"]
    # 561/563: "…不足一年的人" / "员,领取…"
    assert "不足一年的人员,领取失业保险金年限延长至法定退休年龄" in art7.text
    assert "\n" not in art7.text
    assert (art7.line_start, art7.line_end) == (561, 563)
    assert art7.raw_text.split("\n") == [
        "第七条 对领取失业保险金且距法定退休年龄不足一年的人", "",
        "员,领取失业保险金年限延长至法定退休年龄,在实施渐进式延迟法定退休年龄期间,"
        "由失业保险基金按照规定为其缴纳养老保险费。",
    ]


def test_article_paragraphs_become_kuan(decision: Parsed) -> None:
    by_id, _, _ = decision
    art6 = by_id[f"{BAN}/第六条"]  # 555, 557, 559: three paragraphs
    assert art6.text.startswith("第六条 用人单位招用超过法定退休年龄的劳动者")
    assert (art6.line_start, art6.line_end) == (555, 559)
    assert by_id[f"{BAN}/第六条/第二款"].text == "国家加强灵活就业和新就业形态劳动者权益保障。"
    assert by_id[f"{BAN}/第六条/第三款"].text == "国家完善带薪年休假制度。"
    assert f"{BAN}/第一条/第二款" not in by_id  # single-paragraph articles have no 款


def test_annexes_and_attachment_list(decision: Parsed) -> None:
    by_id, _, _ = decision
    a1 = by_id[f"{BAN}/附件1"]
    assert a1.kind == "annex" and a1.heading == "男职工延迟法定退休年龄对照表"
    assert (a1.line_start, a1.line_end) == (577, 663)
    assert by_id[f"{BAN}/附件4"].heading == "提高最低缴费年限情况表"  # 828
    # The list of attachments (569–575) is text, not four annexes or four items.
    closing = by_id[f"{BAN}/落款"]
    assert closing.text.split("\n")[0] == "附件:1.男职工延迟法定退休年龄对照表"
    assert (closing.line_start, closing.line_end) == (569, 575)
    # Table rows stay inside the annex's raw text and are not provisions.
    assert "1965 年 1 月\t60 岁 1 个月" in a1.raw_text
    assert not [p for p in decision[1] if p.parent_id == a1.id]


# --- 渝人社发〔2024〕16号: a notice with 一、(一)1.(1) ------------------------------------------------

D16 = "渝人社发〔2024〕16号"


def test_pension_notice_outline(pension: Parsed) -> None:
    by_id, provisions, findings = pension
    assert [p.id.removeprefix(D16 + "/") for p in provisions] == [
        "导语", "一", "一/(一)", "一/(一)/1", "一/(一)/2", "一/(一)/3", "一/(二)", "一/(三)",
        "二", "三", "三/(一)", "三/(二)", "三/(二)/1", "三/(二)/2", "三/(三)", "三/(三)/1",
        "三/(三)/1/(1)", "三/(三)/1/(2)", "三/(三)/1/(3)", "三/(三)/2", "三/(三)/3", "四", "五", "落款",
    ]
    assert findings == []
    assert by_id[f"{D16}/三/(三)/1/(2)"].parent_id == f"{D16}/三/(三)/1"
    assert [by_id[f"{D16}/{k}"].kind for k in ("三", "三/(一)", "三/(二)/1", "三/(三)/1/(1)")] == [
        "h1", "h2", "h3", "h4",
    ]


def test_pension_notice_headings_and_sentences(pension: Parsed) -> None:
    by_id, _, _ = pension
    two = by_id[f"{D16}/二"]
    assert (two.label, two.heading) == ("二、", "调整时间")  # 8232
    assert two.text == "二、调整时间\n从2024年1月1日起执行。"  # 8232, 8234: not joined
    assert by_id[f"{D16}/三/(一)"].text.endswith("每人每月增加28元。")  # 8240
    rounding = by_id[f"{D16}/三/(二)/2"]  # 8246
    assert rounding.label == "2." and rounding.path == ("三", "(二)", "2")
    assert rounding.text == (
        "2.退休人员以本人2023年12月基本养老金为基数,每人每月增加0.6%。计算结果按照四舍五入保留小数点后两位。"
    )
    item = by_id[f"{D16}/三/(三)/1/(1)"]
    assert item.text == "(1)对1953年年底及以前参加革命工作的企业退休人员,每人每月再增加15元;"
    section = by_id[f"{D16}/三"]
    assert (section.line_start, section.line_end) == (8236, 8260)  # span covers its subtree
    assert section.text == "三、调整办法及标准"
    assert by_id[f"{D16}/落款"].text == "重庆市人力资源和社会保障局\n重庆市财政局\n2024年6月25日"  # 8270–8272


# --- 档案法实施条例: 章 and 条 ---------------------------------------------------------------------

TIAOLI = "国务院令第772号/中华人民共和国档案法实施条例"


def test_archives_regulation_has_8_chapters_and_52_articles(archives: Parsed) -> None:
    by_id, provisions, _ = archives
    chapters = [p for p in provisions if p.kind == "chapter"]
    assert [c.heading for c in chapters] == [
        "总则", "档案机构及其职责", "档案的管理", "档案的利用和公布",
        "档案信息化建设", "监督检查", "法律责任", "附则",
    ]
    assert [c.line_start for c in chapters] == [859, 898, 958, 1038, 1084, 1126, 1136, 1150]
    articles = [p for p in provisions if p.kind == "article"]
    assert len(articles) == 52
    assert articles[-1].label == "第五十二条" and articles[-1].line_start == 1152
    # Articles are cited without their chapter, but hang under it.
    art20 = by_id[f"{TIAOLI}/第二十条"]
    assert art20.parent_id == f"{TIAOLI}/第三章"
    assert by_id[f"{TIAOLI}/第一章"].parent_id == TIAOLI
    assert by_id["国务院令第772号/落款"].text == "总理李强\n2024年1月12日"  # 853–855


def test_archives_items_and_second_paragraph(archives: Parsed) -> None:
    by_id, provisions, findings = archives
    items = [p for p in provisions if p.parent_id == f"{TIAOLI}/第十条"]
    # 891–896, printed with "- " bullets
    assert [p.label for p in items] == ["(一)", "(二)", "(三)", "(四)", "(五)", "(六)"]
    assert all(p.kind == "item" for p in items)
    assert items[0].text == "(一)对档案收集、整理、保护、利用做出显著成绩的;"
    # 902/904: an item split by a page break
    assert by_id[f"{TIAOLI}/第十一条/(一)"].text.endswith("研究、制定部门规章、档案工作具体方针政策和标准；")
    # 第十六条: items (一)–(四) belong to its first paragraph; 954 is its 第二款
    assert by_id[f"{TIAOLI}/第十六条/(四)"].text == "(四)开展宣传教育,发挥爱国主义教育和历史文化教育功能。"
    assert by_id[f"{TIAOLI}/第十六条/第二款"].text.startswith("按照国家有关规定设置的其他各类档案馆")
    # 873/875: "…分一、二、三级管理," / "分级的具体标准…"
    assert by_id[f"{TIAOLI}/第五条"].text == (
        "第五条 国家档案馆馆藏的永久保管档案分一、二、三级管理,"
        "分级的具体标准和管理办法由国家档案主管部门制定。"
    )
    assert [(f.kind, f.line_start) for f in findings] == [("extraction_artifact", 952)]


# --- 人社部发〔2024〕94号 and its garbled 暂行办法 --------------------------------------------------

FLEX = "人社部发〔2024〕94号/实施弹性退休制度暂行办法"


def test_flexible_retirement_measures(flexible: Parsed) -> None:
    by_id, provisions, _ = flexible
    top = [p.path[-1] for p in provisions if p.parent_id is None]
    assert top == ["导语", "落款", "实施弹性退休制度暂行办法"]
    signature = by_id["人社部发〔2024〕94号/落款"].text
    assert signature == "人力资源社会保障部\n中共中央组织部\n财政部\n2024年12月31日"
    articles = [p for p in provisions if p.parent_id == FLEX]
    assert (articles[0].label, articles[-1].label) == ("第一条", "第十四条")
    assert len(articles) == 14 and all(a.kind == "article" for a in articles)
    assert by_id[f"{FLEX}/第十四条"].text.startswith("第十四条 本办法自2025年1月1日起施行。")  # 1350
    art3 = by_id[f"{FLEX}/第三条"].text
    assert art3.startswith("第三条 职工按法定退休年龄退休的,所在单位应及时为其办理退休手续。")


def test_flexible_retirement_garbled_passages_are_findings(flexible: Parsed) -> None:
    by_id, _, findings = flexible
    garbled = [(f.kind, f.line_start, f.doc_id) for f in findings]
    assert garbled == [
        ("garbled", 1320, "人社部发〔2024〕94号"),  # title injected into 第一条
        ("garbled", 1326, "人社部发〔2024〕94号"),  # "…手续。第一条职工达到…" inside 第三条
        ("garbled", 1328, "人社部发〔2024〕94号"),  # magazine header inside 第四条
    ]
    # kept as printed
    assert "动和社会保障法规政策专刊2025年第1期" in by_id[f"{FLEX}/第四条"].text


# --- other quirks -----------------------------------------------------------------------------------


def test_instrument_title_glued_to_preamble(source: Source) -> None:
    # 1611: "重庆市优化营商环境专项行动方案(2024—2027年)为深入学习贯彻…"
    by_id, provisions, _ = parse(source, "渝府办发〔2024〕27号", 1604, 2038)
    plan = by_id["渝府办发〔2024〕27号/重庆市优化营商环境专项行动方案(2024—2027年)"]
    assert plan.label == "重庆市优化营商环境专项行动方案(2024—2027年)"
    assert plan.text.split("\n")[1].startswith("为深入学习贯彻习近平总书记关于优化营商环境")
    tasks = [p for p in provisions if p.kind == "h3" and p.id.startswith(plan.id + "/二/")]
    assert len(tasks) == 41  # 41 numbered tasks under 9 专项行动 (source map 1, doc 8)
    annex = by_id[f"{plan.id}/附件"]
    assert annex.heading == "2024年度工作任务清单" and annex.line_end == 2038
    assert not [p for p in provisions if p.parent_id == annex.id]  # its table rows are not provisions


def test_annex_without_label_is_recovered_from_attachment_list(source: Source) -> None:
    # 渝人社〔2024〕282号: 附件1 (2657) and 附件3 (2773) lack their label lines.
    by_id, _, findings = parse(source, "渝人社〔2024〕282号", 2597, 2776)
    plan = "渝人社〔2024〕282号/重庆市高效办成退休“一件事”工作实施方案"
    assert by_id[f"{plan}/附件1"].heading == "重庆市退休“一件事”办事指南"
    assert by_id[f"{plan}/附件1/六"].text == "六、办理时限\n26个工作日。"  # 2734/2736
    assert by_id[f"{plan}/附件3"].line_start == 2773
    missing = [(f.kind, f.line_start) for f in findings]
    assert missing == [("annex_label_missing", 2657), ("annex_label_missing", 2773)]


def test_printed_contents_do_not_duplicate_chapters(source: Source) -> None:
    # 重庆市矛盾纠纷多元化解促进条例: 目 录 at 14009, chapters 14011–14016, then 第一章 at 14018.
    _, provisions, findings = parse(source, "重庆市矛盾纠纷多元化解促进条例", 14008, 14214)
    chapters = [p for p in provisions if p.kind == "chapter"]
    assert [c.label for c in chapters] == ["第一章", "第二章", "第三章", "第四章", "第五章", "第六章"]
    assert chapters[0].line_start == 14018
    assert sum(p.kind == "article" for p in provisions) == 40
    assert not [f for f in findings if f.kind.startswith("numbering")]


def test_numbering_gap_is_a_finding(source: Source) -> None:
    # 渝府发〔2024〕23号 lists repealed documents 一、…; 三十一、 is missing (三十 → 三十二 at 14686).
    _, _, findings = parse(source, "渝府发〔2024〕23号", 14610, 14816)
    assert [(f.kind, f.line_start) for f in findings] == [("numbering_gap", 14686)]


def test_attachment_list_item_split_by_page_break(source: Source) -> None:
    # 4329/4330: "5.2024年全国…专项行动" / "总结统计表" is one attachment title, not an instrument.
    _, provisions, _ = parse(source, "全国人力资源市场专项行动", 4300, 4334)
    assert not [p for p in provisions if p.kind == "instrument"]
    closing = next(p for p in provisions if p.kind == "closing")
    assert "5.2024年全国人力资源市场高校毕业生就业服务专项行动总结统计表" in closing.text.split("\n")


def test_attachment_line_directly_above_a_table_is_the_annex(source: Source) -> None:
    # 7265: "附件:重庆市居民服务“一卡通”建设任务分工" followed by the table at 7267.
    by_id, _, _ = parse(source, "渝府办发〔2024〕73号", 7222, 7355)
    annex = by_id["渝府办发〔2024〕73号/重庆市居民服务“一卡通”工作方案/附件"]
    assert annex.heading == "重庆市居民服务“一卡通”建设任务分工"
    assert (annex.line_start, annex.line_end) == (7265, 7355)


def test_label_matching() -> None:
    assert match_label("(一)企业退休人员").label == "(一)"  # type: ignore[union-attr]
    assert match_label("（二）挂钩调整").seg == "(二)"  # type: ignore[union-attr]
    assert match_label("１．市场准入。").label == "1."  # type: ignore[union-attr]
    assert match_label("1.2023年12月31日及以前").num == 1  # type: ignore[union-attr]
    assert match_label("2025年1月1日起执行。") is None
    assert match_label("1.6元") is None
    # an amendment sentence is not an article (printed without the space after 条)
    assert match_label("第七条第一款中的修改为", "第七条第一款中的“邮电部”修改为") is None
    assert match_label("第七条从", "第七条 从2025年").label == "第七条"  # type: ignore[union-attr]
    assert match_label("一、对标先进", "一、对标先进优化提升专项行动\t\t\t") is None  # a table row
    assert is_title_like("实施弹性退休制度暂行办法")
    assert not is_title_like("(此件公开发布)")


def test_whole_body_parses_with_consistent_outlines(source: Source) -> None:
    """Every chunk of the body parses; ids unique, spans nested, raw text points back."""
    total = 0
    for start in range(521, len(source) + 1, 600):
        end = min(start + 599, len(source))
        provisions, findings = parse_provisions("X", source.span(start, end))
        by_id = {p.id: p for p in provisions}
        assert len(by_id) == len(provisions)
        for i, p in enumerate(provisions):
            assert p.order == i and p.id == "X/" + "/".join(p.path)
            assert start <= p.line_start <= p.line_end <= end
            assert p.raw_text.split("\n")[0] == source.line(p.line_start)
            if p.parent_id is not None:
                parent = by_id[p.parent_id]
                assert parent.order < p.order
                assert parent.line_start <= p.line_start and p.line_end <= parent.line_end
        assert all(start <= f.line_start <= end for f in findings)
        total += len(provisions)
    assert total > 3500
