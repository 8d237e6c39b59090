"""文号 parser: property tests over printed variants, and the real lines of the compilation.

Line numbers in comments are 1-based lines of data/compilation-2024.txt.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renshe.corpus.docnum import (
    CLOSE,
    KNOWN_PREFIXES,
    OPEN,
    ORDER_ISSUERS,
    DocNumberError,
    DocNumberMatch,
    canonical,
    find_all,
    is_docnum,
    parse,
    variants,
)
from renshe.corpus.source import Source, load_source
from renshe.errors import InputError

PREFIXES = sorted(KNOWN_PREFIXES)
SPACES = st.sampled_from(["", "", "", " ", "  ", "\u3000", "\t"])
LEFT_WORDS = [
    "",
    "依据",
    "根据",
    "关于印发",
    "的通知",
    "和",
    "、",
    "(",
    "《某办法》(",
    "文件",
    "依据《…》(",
    "详见",
]
RIGHT_WORDS = ["", ")", "规定", "、", "文件", "。", "和", "121"]


@pytest.fixture(scope="module")
def source() -> Source:
    return load_source()


def _fw(ch: str) -> str:
    return chr(0xFF10 + int(ch))


@st.composite
def printed_year_form(draw: st.DrawFn, whole: bool = True) -> tuple[str, str]:
    """(printed variant, expected canonical) of a year-form 文号.

    ``whole``: a variant given alone to canonical(), which may split digits by spaces and omit 号;
    otherwise a variant for running text, where digit runs stay whole and 号 is printed.
    """
    prefix = draw(st.sampled_from(PREFIXES))
    year = draw(st.integers(1949, 2100))
    number = draw(st.integers(1, 9999))
    expected = f"{prefix}〔{year}〕{number}号"
    digits_y = "".join(_fw(c) if draw(st.booleans()) else c for c in str(year))
    digits_n = "".join(_fw(c) if draw(st.booleans()) else c for c in str(number))
    ys: list[str] = list(digits_y) if whole else [digits_y]
    ns: list[str] = list(digits_n) if whole else [digits_n]
    tokens = [*prefix, draw(st.sampled_from(OPEN)), *ys, draw(st.sampled_from(CLOSE)), *ns]
    if not (whole and draw(st.booleans())):
        tokens.append("号")
    printed = tokens[0] + "".join(draw(SPACES) + t for t in tokens[1:])
    return printed, expected


@st.composite
def printed_order_form(draw: st.DrawFn) -> tuple[str, str]:
    printed_issuer = draw(
        st.sampled_from(
            [
                *ORDER_ISSUERS,
                "中华人民共和国国务院",
                "中华人民共和国人力资源和社会保障部",
                "中华人民共和国劳动和社会保障部",
            ]
        )
    )
    number = draw(st.integers(1, 9999))
    di = "".join(_fw(c) if draw(st.booleans()) else c for c in str(number))
    di_joined = "".join(draw(SPACES) + c for c in di)
    printed = (
        f"{printed_issuer}令{draw(SPACES)}{draw(st.sampled_from(['第', '']))}{di_joined}{draw(SPACES)}号"
    )
    short = ORDER_ISSUERS[printed_issuer.removeprefix("中华人民共和国")]
    return printed, f"{short}令第{number}号"


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(printed_year_form())
def test_every_printed_variant_normalises_to_one_canonical(case: tuple[str, str]) -> None:
    printed, expected = case
    assert canonical(printed) == expected
    assert is_docnum(printed)
    assert canonical(expected) == expected  # idempotent


@settings(max_examples=200, deadline=None)
@given(printed_order_form())
def test_every_order_variant_normalises(case: tuple[str, str]) -> None:
    printed, expected = case
    assert canonical(printed) == expected


@settings(max_examples=300, deadline=None)
@given(
    printed_year_form(whole=False),
    st.sampled_from(LEFT_WORDS),
    st.sampled_from(RIGHT_WORDS),
)
def test_find_all_in_running_text_keeps_only_the_docnum(case: tuple[str, str], left: str, right: str) -> None:
    printed, expected = case
    text = left + printed + right
    found = find_all(text)
    assert [m.canonical for m in found] == [expected]
    m = found[0]
    assert text[m.start : m.end] == m.raw
    assert m.start == len(left)  # no leading word swallowed
    assert m.raw.rstrip().endswith("号")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(printed_year_form(whole=False), min_size=2, max_size=4), st.sampled_from(["、", "和", ",", ";"])
)
def test_find_all_lists_of_docnums(cases: list[tuple[str, str]], sep: str) -> None:
    text = "根据" + sep.join(p for p, _ in cases) + "规定"
    assert [m.canonical for m in find_all(text)] == [e for _, e in cases]


@settings(max_examples=150, deadline=None)
@given(printed_year_form(whole=False))
def test_variants_round_trip(case: tuple[str, str]) -> None:
    _, expected = case
    vs = variants(expected)
    assert vs[0] == expected
    assert len(vs) == len(set(vs)) > 10
    for v in vs:
        assert canonical(v) == expected
        assert [m.canonical for m in find_all(f"见{v}。")] == [expected]


_NO_DIGITS = st.text(
    alphabet=st.characters(blacklist_categories=["Nd"], blacklist_characters="０１２３４５６７８９"),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(_NO_DIGITS)
def test_garbage_without_digits_is_rejected_in_chinese(text: str) -> None:
    with pytest.raises(DocNumberError) as exc:
        canonical(text)
    assert isinstance(exc.value, InputError)
    assert exc.value.message.startswith("无法识别的文号")
    assert re.search("[\u4e00-\u9fff]", exc.value.reason)
    assert not is_docnum(text)
    assert find_all(text) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=30))
def test_garbage_without_chinese_is_rejected(text: str) -> None:
    with pytest.raises(DocNumberError):
        canonical(text)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(PREFIXES),
    st.one_of(st.integers(1000, 1948), st.integers(2101, 9999)),
    st.integers(1, 9999),
)
def test_year_outside_range_is_rejected(prefix: str, year: int, number: int) -> None:
    with pytest.raises(DocNumberError, match="年份"):
        canonical(f"{prefix}〔{year}〕{number}号")


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="abcXYZ-_.x0", min_size=1, max_size=5),
    st.integers(1949, 2100),
    st.integers(1, 9999),
)
def test_prefix_must_be_chinese(prefix: str, year: int, number: int) -> None:
    with pytest.raises(DocNumberError):
        canonical(f"{prefix}〔{year}〕{number}号")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "文号为空"),
        ("   ", "文号为空"),
        ("渝人社发", "缺少年份和序号"),
        ("渝人社发〔2024〕", "年份后缺少序号"),
        ("渝人社发〔2024〕号", "年份后缺少序号"),
        ("渝人社发2024年16号", "年份应写在括号内"),
        ("渝人社发〔24〕16号", "缺少括号内的年份"),
        ("渝人社发〔1948〕16号", "年份1948不在1949–2100之间"),
        ("渝人社发〔2024〕0号", "序号0超出范围"),
        ("〔2024〕16号", "缺少发文机关代字"),
        ("ABC〔2024〕16号", "应为汉字"),
        ("命令第3号", "不是发令机关"),
        ("原令第1号", "缺少发令机关"),
        ("令第1号", "缺少发令机关"),
        ("六〔六届〕第1号", "不是人大常委会"),
        ("渝人社发〔2024〕16号 人社部发〔2024〕94号", "包含多个文号"),
    ],
)
def test_rejections_say_why(text: str, reason: str) -> None:
    with pytest.raises(DocNumberError) as exc:
        canonical(text)
    assert reason in exc.value.message
    assert exc.value.field == "doc_number"
    assert exc.value.code == "invalid_input"


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("渝人社发 〔 2024 〕 16 号", "渝人社发〔2024〕16号"),
        ("渝人社发[2024]16号", "渝人社发〔2024〕16号"),
        ("渝人社发（2024）16号", "渝人社发〔2024〕16号"),
        ("渝人社发〔2024]16号", "渝人社发〔2024〕16号"),
        ("渝人社发【２０２４】１６号", "渝人社发〔2024〕16号"),
        ("渝人社发〔2024〕16", "渝人社发〔2024〕16号"),  # missing 号 accepted for a whole string
        ("(渝人社发〔2024〕16号)", "渝人社发〔2024〕16号"),
        ("国发〔2024〕第3号", "国发〔2024〕3号"),
        ("渝人社发〔2024〕016号", "渝人社发〔2024〕16号"),
        ("中华人民共和国国务院令 第772号", "国务院令第772号"),  # line 25
        ("国务院令第795号", "国务院令第795号"),
        ("人社部令 第53号", "人社部令第53号"),  # line 515
        ("中华人民共和国人力资源和社会保障部令第53号", "人社部令第53号"),
        ("人力资源社会保障部令第16号", "人社部令第16号"),  # line 6888
        ("国令第652号", "国务院令第652号"),  # line 9124
        ("原劳动和社会保障部令第21号", "劳动保障部令第21号"),  # line 13865
        ("重庆市人民政府令 第329号", "渝府令第329号"),  # line 14613
        ("渝府令329号", "渝府令第329号"),  # line 14824
        ("交通运输部令第1号", "交通运输部令第1号"),  # issuer outside the table kept as printed
        ("重庆市人大常委会〔六届〕第52号", "重庆市人大常委会〔六届〕第52号"),  # line 7120
        (
            "国家税务总局人力资源社会保障部农业农村部教育部\n退役军人事务部公告2024年第4号",  # 6637–6638
            "国家税务总局人力资源社会保障部农业农村部教育部退役军人事务部公告2024年第4号",
        ),
    ],
)
def test_canonical_examples(printed: str, expected: str) -> None:
    assert canonical(printed) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # prefixes outside KNOWN_PREFIXES: cut after the words in front of them
        ("关于印发《某指南》的通知 川人社发〔2023〕5号", [("川人社发〔2023〕5号", "川人社发〔2023〕5号")]),
        ("某某工作指南 川人社发〔2023〕5号", [("川人社发〔2023〕5号", "川人社发〔2023〕5号")]),
        (
            "根据川人社发〔2023〕5号和黔人社厅发[2022]7号规定",
            [
                ("川人社发〔2023〕5号", "川人社发〔2023〕5号"),
                ("黔人社厅发[2022]7号", "黔人社厅发〔2022〕7号"),
            ],
        ),
        ("按人社部15号令执行", []),  # colloquial 令 form is not a 文号
    ],
)
def test_find_all_unknown_prefixes(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.raw, m.canonical) for m in find_all(text)] == expected


def test_parse_fields() -> None:
    d = parse("渝人社办〔2024〕71 号")  # line 6529
    assert (d.kind, d.prefix, d.year, d.number) == ("year", "渝人社办", 2024, 71)
    o = parse("中华人民共和国国务院令 第795号")  # line 29
    assert (o.kind, o.prefix, o.year, o.number) == ("order", "国务院", None, 795)
    s = parse("重庆市人大常委会〔六届〕第52号")
    assert (s.kind, s.session, s.number) == ("session", "六", 52)


def test_order_variants() -> None:
    vs = variants("国务院令 第795号")
    assert vs[0] == "国务院令第795号"
    assert "中华人民共和国国务院令 第795号" in vs  # the TOC's form, line 29
    assert all(canonical(v) == "国务院令第795号" for v in vs)


# --- the source ---------------------------------------------------------------------------------


def _found(source: Source, line: int) -> list[tuple[str, str]]:
    return [(m.raw, m.canonical) for m in find_all(source.line(line))]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (61, [("渝人社〔2024〕282号", "渝人社〔2024〕282号")]),  # TOC: page 111 glued on
        (25, [("中华人民共和国国务院令 第772号", "国务院令第772号")]),
        (515, [("人社部令 第53号", "人社部令第53号")]),
        (5433, [("渝人社办〔2024〕95 号", "渝人社办〔2024〕95号")]),
        (3369, [("渝财规〔2024〕2号", "渝财规〔2024〕2号")]),  # "要严格落实渝财规…"
        (3581, [("国统字〔2017〕213号", "国统字〔2017〕213号")]),  # "(2017)" in the title is no 文号
        (
            8278,
            [("军后财[2023]407号", "军后财〔2023〕407号"), ("人社厅函[2023]170号", "人社厅函〔2023〕170号")],
        ),
        (9124, [("国令第652号", "国务院令第652号"), ("人事部令第6号", "人事部令第6号")]),
        (13865, [("劳动和社会保障部令第21号", "劳动保障部令第21号")]),  # 原 is not part of it
        (14515, [("中华人民共和国国务院令103号", "国务院令第103号")]),  # no 第
        (14538, [("劳薪字〔1989〕40号", "劳薪字〔1989〕40号")]),  # "…的通知劳薪字〔1989〕40号宣布废止"
        (14566, [("人社部令第53号", "人社部令第53号")]),
        (14613, [("重庆市人民政府令 第329号", "渝府令第329号")]),
        (14824, [("渝府令329号", "渝府令第329号")]),
        (14912, [("渝委组[2002]215号", "渝委组〔2002〕215号"), ("渝人发[2003]184号", "渝人发〔2003〕184号")]),
        (
            14922,
            [("国人部发[2007]100号", "国人部发〔2007〕100号"), ("渝人发[2007]194号", "渝人发〔2007〕194号")],
        ),
        # the 13th batch prints the same title with 国部发 (sic)
        (15507, [("国部发[2007]100号", "国部发〔2007〕100号"), ("渝人发[2007]194号", "渝人发〔2007〕194号")]),
        (15583, [("渝人发〔2004〕45号", "渝人发〔2004〕45号")]),  # stray "x" before the 文号
        (7120, [("重庆市人大常委会〔六届〕第52号", "重庆市人大常委会〔六届〕第52号")]),
        (67, []),  # 〔2024〕——168122: no prefix, incomplete
        (2792, []),  # [2024]——168
    ],
)
def test_source_lines(source: Source, line: int, expected: list[tuple[str, str]]) -> None:
    assert _found(source, line) == expected


def test_incomplete_docnum_of_line_2792_is_rejected(source: Source) -> None:
    with pytest.raises(DocNumberError, match="缺少发文机关代字"):
        canonical(source.line(2792))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ((5955, 5957), "渝人社发〔2022〕24号"),  # "(渝人" / page break / "社发〔2022〕24号)"
        ((14550, 14552), "劳部发〔1997〕235号"),  # "…的通知劳" / "部发〔1997〕235号宣布废止"
        ((7915, 7917), "人社部令第15号"),  # "…(人" / "力资源社会保障部令第15号"
        ((6637, 6638), "国家税务总局人力资源社会保障部农业农村部教育部退役军人事务部公告2024年第4号"),
    ],
)
def test_docnums_split_by_page_breaks_are_found_once_joined(
    source: Source, lines: tuple[int, int], expected: str
) -> None:
    a, b = lines
    joined = "".join(text for _, text in source.span(a, b) if text.strip())
    assert expected in [m.canonical for m in find_all(joined)]
    # line by line the second half alone is found with a truncated prefix (or not at all)
    assert expected not in [m.canonical for m in find_all(source.line(b))]


def test_whole_source_recall_and_precision(source: Source) -> None:
    """Every bracketed year followed by a number and 号 is found, with a known prefix."""
    anchor = re.compile(
        rf"[{re.escape(OPEN)}]\s*[0-9０-９]{{4}}\s*[{re.escape(CLOSE)}]\s*第?\s*[0-9０-９]+\s*号"
    )
    anchors = 0
    matches: list[tuple[int, DocNumberMatch]] = []
    for no, text in enumerate(source.lines, start=1):
        anchors += len(anchor.findall(text))
        matches += [(no, m) for m in find_all(text)]
    kinds = Counter(m.kind for _, m in matches)
    assert kinds["year"] == anchors == 1494
    assert kinds == Counter({"year": 1494, "order": 26, "session": 2, "announcement": 1})
    distinct = {m.canonical for _, m in matches}
    assert len(distinct) == 849
    # precision: a prefix outside the known list only where a page break cut the 文号
    odd = sorted(
        (no, parse(m.canonical).prefix)
        for no, m in matches
        if m.kind == "year" and parse(m.canonical).prefix not in KNOWN_PREFIXES
    )
    assert odd == [(5957, "社发"), (14552, "部发")]
    odd_orders = sorted(
        (no, parse(m.canonical).prefix)
        for no, m in matches
        if m.kind == "order" and parse(m.canonical).prefix not in ORDER_ISSUERS.values()
    )
    assert odd_orders == [(7917, "力资源社会保障部")]
    # every raw match re-parses to its canonical form, and 2024 numbers are plentiful
    assert all(canonical(m.raw) == m.canonical for _, m in matches)
    assert "渝人社发〔2024〕16号" in distinct and "人社部发〔2024〕94号" in distinct
    year_2024 = {c for c in distinct if parse(c).kind == "year" and parse(c).year == 2024}
    assert len(year_2024) == 121


_PIECES = st.sampled_from(
    [
        *"渝人社发国务院令部原中华共和第号届六公告年 　\t",
        *OPEN,
        *CLOSE,
        *"0123456789２０",
        "2024",
        "中华人民共和国",
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=10).map("".join))
def test_fuzz_canonical_is_a_fixed_point_or_a_clear_error(text: str) -> None:
    """Near-miss strings built from 文号 pieces: a canonical form that re-parses to itself, or
    DocNumberError — never another exception; find_all never fails and its matches re-parse."""
    try:
        c = canonical(text)
    except DocNumberError as e:
        assert e.message.startswith("无法识别的文号")
    else:
        assert canonical(c) == c
        assert (" " not in c and "〔" in c) or "令第" in c or "公告" in c
    for m in find_all(text):
        assert text[m.start : m.end] == m.raw
        assert canonical(m.raw) == m.canonical
