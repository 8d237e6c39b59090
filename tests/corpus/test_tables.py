"""Tables parsed from the source, checked against what the law itself states.

Document spans come from the notes' A sections, checked against the text:
延迟退休决定 524–845, 渝人社办〔2024〕78号 11313–11734, 渝人社发〔2024〕6号 14818–15445,
渝人社发〔2024〕21号 15447–16032.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from renshe.corpus.model import Finding, Table
from renshe.corpus.source import Source
from renshe.corpus.tables import SECTION_COLUMN, parse_tables

Parsed = tuple[list[Table], list[Finding]]


def _parse(source: Source, doc_id: str, start: int, end: int) -> Parsed:
    return parse_tables(doc_id, source.span(start, end))


@pytest.fixture(scope="module")
def retirement(source: Source) -> Parsed:
    return _parse(source, "延迟退休决定", 524, 845)


@pytest.fixture(scope="module")
def catalogue(source: Source) -> Parsed:
    return _parse(source, "渝人社办〔2024〕78号", 11313, 11734)


@pytest.fixture(scope="module")
def batch12(source: Source) -> Parsed:
    return _parse(source, "渝人社发〔2024〕6号", 14818, 15445)


@pytest.fixture(scope="module")
def batch13(source: Source) -> Parsed:
    return _parse(source, "渝人社发〔2024〕21号", 15447, 16032)


def _month(text: str) -> int:
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月", text)
    assert m, text
    return int(m.group(1)) * 12 + int(m.group(2)) - 1


# ---------------------------------------------------------------------------------------------
# The retirement-age decision: 附件1–4 (lines 577–845)


def test_retirement_annexes_ids_titles_columns(retirement: Parsed) -> None:
    tables, _ = retirement
    assert [t.id for t in tables] == [f"延迟退休决定/表{n}" for n in range(1, 5)]
    assert [t.title for t in tables] == [
        "男职工延迟法定退休年龄对照表",  # 579
        "原法定退休年龄五十五周岁的女职工延迟法定退休年龄对照表",  # 667
        "原法定退休年龄五十周岁的女职工延迟法定退休年龄对照表",  # 755
        "提高最低缴费年限情况表",  # 828
    ]
    # 582: two side-by-side copies of four columns become one table of four columns
    for t in tables[:3]:
        assert t.columns == ["出生时间", "改革后法定退休年龄", "改革后退休时间", "延迟月数"]
        assert t.provision_id is None
    assert tables[3].columns == ["年份", "当年最低缴费年限"]  # 830
    assert [(t.line_start, t.line_end) for t in tables] == [(581, 663), (669, 751), (757, 824), (830, 845)]


@pytest.mark.parametrize(
    ("index", "rows", "first", "last"),
    [
        (0, 144, "1965年1月", "1976年12月"),
        (1, 144, "1970年1月", "1981年12月"),
        (2, 120, "1975年1月", "1984年12月"),
    ],
)
def test_retirement_annex_rows_are_every_birth_month_in_order(
    retirement: Parsed, index: int, rows: int, first: str, last: str
) -> None:
    table = retirement[0][index]
    births = [_month(r[0]) for r in table.rows]
    assert len(table.rows) == rows
    assert table.rows[0][0] == first and table.rows[-1][0] == last
    assert births == list(range(births[0], births[0] + rows))  # chronological, none missing
    assert all(len(r) == 4 and all(r) for r in table.rows)  # merged cells filled


# 办法 第一条 (line 545): each 4 months of birth (2 for women whose original age was 50) add one
# month, up to 63 / 58 (36 months) and 55 (60 months); it starts with those reaching the
# original age in 2025-01.
RULES = {0: (60, 4, 36), 1: (55, 4, 36), 2: (50, 2, 60)}


@pytest.mark.parametrize("index", [0, 1, 2])
def test_retirement_annex_rows_follow_article_one(retirement: Parsed, index: int) -> None:
    age, step, cap = RULES[index]
    first_birth = (2025 - age) * 12  # born in January of (2025 - age): original age in 2025-01
    table = retirement[0][index]
    for row, line in zip(table.rows, table.row_lines, strict=True):
        birth = _month(row[0])
        delay = min(cap, (birth - first_birth) // step + 1)
        years, months = divmod(age * 12 + delay, 12)
        age_text = f"{years}岁{months}个月" if months else f"{years}岁"
        assert row[3] == str(delay), (line, row)
        assert _month(row[2]) == birth + age * 12 + delay, (line, row)
        assert row[1] == age_text, (line, row)


def test_retirement_caps_are_reached(retirement: Parsed) -> None:
    tables = retirement[0]
    assert tables[0].rows[-1] == ["1976年12月", "63岁", "2039年12月", "36"]  # 663 right
    assert tables[1].rows[-1] == ["1981年12月", "58岁", "2039年12月", "36"]  # 751 right
    assert tables[2].rows[-2:] == [  # 823–824 right: 1984-11 is the first to reach 60 months
        ["1984年11月", "55岁", "2039年11月", "60"],
        ["1984年12月", "55岁", "2039年12月", "60"],
    ]


def test_page_captions_and_repeated_headers_are_dropped(retirement: Parsed) -> None:
    annex1 = retirement[0][0]
    # 581/582, 600/601, 623/624, 646/647: caption and header printed on every page
    for line in (581, 582, 600, 601, 623, 624, 646, 647):
        assert line not in annex1.row_lines
    assert not any(r[0] == "出生时间" or "延迟法定退休年龄每" in r[0] for r in annex1.rows)
    # each data line holds two rows (left and right copy)
    assert Counter(annex1.row_lines) == Counter({n: 2 for n in annex1.row_lines})


def test_spaced_digits_are_folded(retirement: Parsed) -> None:
    # 583: "1965 年 1 月⇥60 岁 1 个月⇥2025 年 2 月⇥1"
    assert retirement[0][0].rows[0] == ["1965年1月", "60岁1个月", "2025年2月", "1"]
    assert retirement[0][0].row_lines[0] == 583


def test_annex3_split_ages_are_joined(retirement: Parsed) -> None:
    annex3 = retirement[0][2]
    by_birth = {r[0]: (r, line) for r, line in zip(annex3.rows, annex3.row_lines, strict=True)}
    # 759/760 left: "50岁" above "1个月", the delay printed once
    assert by_birth["1975年1月"] == (["1975年1月", "50岁1个月", "2025年2月", "1"], 759)
    assert by_birth["1975年2月"] == (["1975年2月", "50岁1个月", "2025年3月", "1"], 760)
    # 809/810 left: the age in one cell "53岁 5个月", the row below empty
    assert by_birth["1981年10月"][0] == ["1981年10月", "53岁5个月", "2035年3月", "41"]
    # 803/804 right: a whole year, the row below empty
    assert by_birth["1982年12月"][0] == ["1982年12月", "54岁", "2036年12月", "48"]


def test_annex3_last_page_without_page_break_is_in_birth_order(retirement: Parsed) -> None:
    # 821–824 continue 801–820 with no blank line or header: left copy 1984-05…08, right 1984-09…12
    annex3 = retirement[0][2]
    births = [r[0] for r in annex3.rows]
    i = births.index("1984年4月")
    assert annex3.row_lines[i] == 820  # right copy of 820
    assert births[i + 1 : i + 5] == ["1984年5月", "1984年6月", "1984年7月", "1984年8月"]
    assert annex3.row_lines[i + 1 : i + 5] == [821, 822, 823, 824]


def test_annex3_misprint_is_corrected_and_reported(retirement: Parsed) -> None:
    tables, findings = retirement
    # 803/804 left: "53岁" above "2月" (for "2个月")
    rows = {r[0]: r for r in tables[2].rows}
    assert rows["1981年3月"][1] == rows["1981年4月"][1] == "53岁2个月"
    typos = [f for f in findings if f.kind == "table_typo"]
    assert len(typos) == 1
    assert (typos[0].line_start, typos[0].line_end, typos[0].doc_id) == (804, 804, "延迟退休决定")
    assert "2月" in typos[0].message and "2个月" in typos[0].message
    assert [f.kind for f in findings] == ["table_typo"]


def test_annex4_minimum_contribution_years(retirement: Parsed) -> None:
    annex4 = retirement[0][3]
    assert len(annex4.rows) == 15
    assert [r[0] for r in annex4.rows] == [f"{y}年" for y in range(2025, 2040)]
    # 办法 第二条 (547): from 2030-01-01 the minimum rises from 15 years by 6 months a year to 20
    for row in annex4.rows:
        year = int(row[0][:4])
        months = 180 + 6 * max(0, year - 2029)
        expected = f"{months // 12}年" + (f"+{months % 12}个月" if months % 12 else "")
        assert row[1] == expected
    assert annex4.rows[5] == ["2030年", "15年+6个月"]  # 836: "15 年+6 个月"


# ---------------------------------------------------------------------------------------------
# 渝人社办〔2024〕78号: 重庆市职业技能培训目录(2024年), lines 11329–11728


def test_training_catalogue_rows_and_stated_classes(catalogue: Parsed) -> None:
    tables, findings = catalogue
    assert len(tables) == 1
    table = tables[0]
    assert table.id == "渝人社办〔2024〕78号/表1"
    assert table.title == "重庆市职业技能培训目录(2024年)"  # 11327
    assert table.columns == ["序号", "职业编码/专项编码", "培训项目", "类型"]  # 11329
    assert len(table.rows) == 390
    assert [int(r[0]) for r in table.rows] == list(range(1, 391))
    assert findings == []
    # 备注 1 (11732): 国家标准职业(工种)274个(1号—274号)、专项职业能力97个(275号—371号,
    # 其编码为专项职业能力编码)、特色工种18个(372号—389号)、专门项目1个(390号)
    national = [r for r in table.rows if re.fullmatch(r"\d(—\d{2}){2,3}", r[1])]
    special = [r for r in table.rows if re.fullmatch(r"\d{16}", r[1])]
    uncoded = [r for r in table.rows if r[1] == ""]
    assert [int(r[0]) for r in national] == list(range(1, 275))
    assert [int(r[0]) for r in special] == list(range(275, 372))
    assert [int(r[0]) for r in uncoded] == list(range(372, 391))  # not filled down: no code
    assert (len(national), len(special), len(uncoded) - 1, 1) == (274, 97, 18, 1)
    assert table.rows[0] == ["1", "2—02—38—01", "人工智能工程技术人员", "A"]  # 11330
    assert table.rows[-1] == ["390", "", "人力资源服务业培训", "A"]  # 11728
    # classes as counted from the table (the notice states no per-class totals)
    assert Counter(r[3] for r in table.rows) == {"B": 191, "A": 133, "C": 51, "A+": 15}


# ---------------------------------------------------------------------------------------------
# Repeal lists of the 12th and 13th batches


def test_batch12_lists(batch12: Parsed) -> None:
    tables, findings = batch12
    abolished, continuing = tables
    assert abolished.title == "废止的行政规范性文件目录(共44件)"  # 14834
    assert continuing.title == "继续有效的行政规范性文件目录(共487件)"  # 14901
    # 14824: 废止44件 … 继续有效487件
    assert len(abolished.rows) == 44 and len(continuing.rows) == 487
    for t in tables:
        assert t.columns == ["序号", "文件名称", "文号", SECTION_COLUMN]
        assert [int(r[0]) for r in t.rows] == list(range(1, len(t.rows) + 1))
    assert abolished.rows[24][1:] == [  # 14870, under the sub-heading at 14869
        "重庆市人力资源和社会保障局关于发布重庆市最低工资标准的通知",
        "渝人社发〔2018〕229号",
        "劳动工资工时休假",
    ]
    assert abolished.row_lines[24] == 14870
    assert len({r[3] for r in abolished.rows}) == 14  # 14 sub-headings
    sections = Counter(r[3] for r in continuing.rows)
    assert len(sections) == 17 and sections["养老保险"] == 114  # 15229 … 15352
    assert findings == []


def test_batch13_lists_and_their_findings(batch13: Parsed) -> None:
    tables, findings = batch13
    abolished, continuing = tables
    assert len(abolished.rows) == 10  # 15463: 共 10 件
    assert continuing.title == "继续有效的行政规范性文件目录(共491件)"  # 15486
    assert len(continuing.rows) == 490
    numbers = [int(r[0]) for r in continuing.rows]
    assert 38 not in numbers and sorted(numbers) == [n for n in range(1, 492) if n != 38]
    # row 322 (15844) has an empty 文号 cell: kept empty, not filled from the row above
    row322 = continuing.rows[numbers.index(322)]
    assert row322[2] == "" and continuing.row_lines[numbers.index(322)] == 15844
    kinds = {f.kind: f for f in findings}
    assert sorted(kinds) == ["count_mismatch", "numbering_gap", "numbering_order"]
    assert "491" in kinds["count_mismatch"].message and "490" in kinds["count_mismatch"].message
    gap = kinds["numbering_gap"]
    assert "38" in gap.message and (gap.line_start, gap.line_end) == (15530, 15531)
    assert kinds["numbering_order"].line_start == 15832  # 313–315 printed between 307 and 308
    assert all(f.doc_id == "渝人社发〔2024〕21号" for f in findings)


# ---------------------------------------------------------------------------------------------
# Other layouts, on real tables


def test_side_by_side_with_spacer_and_total_row(source: Source) -> None:
    # 5407: 序号⇥服务县⇥建议规模⇥⇥序号⇥服务县⇥建议规模, 41 districts, 5429 合计 670
    tables, findings = _parse(source, "渝人社办〔2024〕50号", 5403, 5429)
    (table,) = tables
    assert table.title == "实施规模建议分配表"
    assert table.columns == ["序号", "服务县", "建议规模"]
    data, total = table.rows[:-1], table.rows[-1]
    assert [int(r[0]) for r in data] == list(range(1, 42))
    assert total == ["合计", "", "670"]
    assert sum(int(r[2]) for r in data) == 670
    assert findings == []


def test_three_copies_side_by_side(source: Source) -> None:
    # 6587–6601: (区县, 培训计划) × 3; the plan adds up to the 3万人次 of offline training (6537)
    tables, _ = _parse(source, "新市民", 6581, 6601)
    (table,) = tables
    assert table.title == "2024年度区县(自治县)新市民培训指导性计划"  # 6583, 单位 line skipped
    assert table.columns == ["区县(自治县)", "培训计划"]
    assert len(table.rows) == 41
    assert sum(int(r[1]) for r in table.rows) == 30000


def test_markdown_rule_row_and_wrap_spaces(source: Source) -> None:
    # 10148–10178: merged 类别 cells, wrap spaces "加强 工程 师引 进", a "----⇥--" row at 10178
    tables, _ = _parse(source, "卓越工程师", 10144, 10179)
    (table,) = tables
    assert len(table.rows) == 23 and table.line_end == 10177
    assert table.rows[0][1] == table.rows[1][1] == table.rows[2][1] == "加强工程师引进"
    assert table.rows[8][4] == ""  # row 9 has no phone: a single empty cell is not merged


def test_sorted_by_number_across_copies(source: Source) -> None:
    # 7960–7976: (序号, 急性职业病种) × 2, 1–16 left and 17–32 right
    tables, _ = _parse(source, "急性职业病", 7956, 7976)
    (table,) = tables
    assert [int(r[0]) for r in table.rows] == list(range(1, 33))
    assert table.rows[16] == ["17", "羰基镍中毒"]  # 7961 right


def test_every_tab_block_of_the_body_parses(source: Source) -> None:
    tables, findings = _parse(source, "全文", 521, len(source))
    assert len(tables) >= 70
    for n, t in enumerate(tables, 1):
        assert t.id == f"全文/表{n}"
        assert t.rows and t.columns
        assert all(len(r) == len(t.columns) for r in t.rows), t.id
        assert all(t.line_start <= ln <= t.line_end for ln in t.row_lines), t.id
    # the 51 鉴定机构 list prints 序号 32 twice (11174, 11175); 121号 has no 序号 19 (11773)
    dup = [f for f in findings if f.kind == "numbering_duplicate"]
    assert [(f.line_start, f.line_end) for f in dup] == [(11174, 11175)]
    assert any(f.kind == "numbering_gap" and "序号19" in f.message for f in findings)


def test_two_row_header_and_no_fill_where_merged_text_sits_mid_group(source: Source) -> None:
    # 7267/7268: "推进计划（应用深度）" spans four columns named by the second header row;
    # both rows are printed again on every page (7274/7275 …) and dropped there.
    tables, findings = _parse(source, "一卡通", 7263, 7337)
    (table,) = tables
    assert table.columns[7:] == ["应用类别"] + [f"推进计划（应用深度）/{y}年底" for y in range(2024, 2028)]
    assert [int(r[0]) for r in table.rows] == list(range(3, 48))  # rows 1 and 2 are not printed
    assert [f.kind for f in findings] == ["numbering_gap"]
    # 责任单位 is printed inside its merged block (市公安局 on row 13 for rows 10–15, 7285), and is
    # empty at the top of the page at 7276/7282: filling down would credit 市教委 with rows 10–12.
    row10 = table.rows[table.row_lines.index(7282)]
    assert row10[0] == "10" and row10[2] == ""
    assert table.rows[table.row_lines.index(7285)][2] == "市公安局"
