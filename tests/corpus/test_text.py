"""Text cleaning on real lines of the compilation (line numbers in comments)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renshe.corpus.source import Source
from renshe.corpus.text import (
    cn_to_int,
    ends_sentence,
    fold_line,
    fold_title,
    has_and_artifact,
    is_terminal,
    join_paragraphs,
)


def test_spaces_inside_chinese_are_folded(source: Source) -> None:
    # 1302: "财 政 部**" (issuer printed with spaces, inside a Markdown bold block)
    assert fold_line(source.line(1302)) == "财政部"
    # 524: title with a page-break space
    assert fold_line(source.line(524)) == "全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定"


def test_spaced_digits_in_dates_are_folded(source: Source) -> None:
    # 583: the first page of 附件1 prints "1965 年 1 月"
    assert fold_line(source.line(583)).startswith("1965年1月\t60岁1个月\t2025年2月\t1\t")


def test_markdown_bold_and_bullets_are_stripped(source: Source) -> None:
    assert fold_line(source.line(1300)) == "人力资源社会保障部"  # "**人力资源社会保障部"
    assert fold_line(source.line(891)) == "(一)对档案收集、整理、保护、利用做出显著成绩的;"  # "- (一)…"


def test_html_residue_is_removed_but_links_are_kept() -> None:
    assert fold_line('<p style="text-align: right;">单位(盖章)</p>') == "单位(盖章)"
    assert fold_line('是<input type="checkbox"/>否<input checked="" type="checkbox"/>') == "是否"
    # 5646: a Markdown autolink is a real address, not residue
    assert fold_line("● 中国公共招聘网: <http://job.mohrs.gov.cn>") == "● 中国公共招聘网: http://job.mohrs.gov.cn"


def test_english_and_becomes_he(source: Source) -> None:
    # 952: "发挥爱国主义教育 and 历史文化教育功能"
    raw = source.line(952)
    assert has_and_artifact(raw)
    assert "爱国主义教育和历史文化教育功能" in fold_line(raw)
    assert not has_and_artifact("Excel and Word")


def test_variant_characters(source: Source) -> None:
    assert fold_line(source.line(6884)) == "三、社会保险"  # printed 社会保険 (Japanese 険)
    assert fold_line(source.line(7376)) == "工伤保险"  # printed 工傷保險 (traditional)


def test_latex_operators(source: Source) -> None:
    # 5909: "\div 2 \times 60%" in a score formula
    folded = fold_line(source.line(5909))
    assert "\\div" not in folded and "÷" in folded and "×" in folded


def test_join_paragraphs_rejoins_page_break(source: Source) -> None:
    # 561/563: "…不足一年的人" / (blank) / "员,领取失业保险金…"
    text = join_paragraphs([source.line(n) for n in (561, 562, 563)])
    assert "\n" not in text
    assert "不足一年的人员,领取失业保险金年限延长至法定退休年龄" in text


def test_join_paragraphs_keeps_finished_sentences_apart(source: Source) -> None:
    # 555/557/559: three paragraphs of 第六条, each ending with 。
    text = join_paragraphs([source.line(n) for n in (555, 556, 557, 558, 559)])
    assert text.split("\n") == [
        "第六条用人单位招用超过法定退休年龄的劳动者,应当保障劳动者获得劳动报酬、休息休假、劳动安全卫生、工伤保障等基本权益。",
        "国家加强灵活就业和新就业形态劳动者权益保障。",
        "国家完善带薪年休假制度。",
    ]


def test_fold_title_over_lines(source: Source) -> None:
    # 1304/1305: "**关于印发《实施弹性退休制度暂行办法》的" / "通知**"
    assert fold_title([source.line(1304), source.line(1305)]) == "关于印发《实施弹性退休制度暂行办法》的通知"


def test_sentence_end_predicates() -> None:
    assert ends_sentence("附件:") and not is_terminal("附件:")
    assert is_terminal("从2024年1月1日起执行。")
    assert not ends_sentence("对领取失业保险金且距法定退休年龄不足一年的人")
    assert not ends_sentence("")


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("十", 10), ("十四", 14), ("二十", 20), ("二十六", 26), ("五十二", 52), ("一百零三", 103),
     ("一百一十", 110), ("三十二", 32)],
)
def test_cn_to_int(numeral: str, value: int) -> None:
    assert cn_to_int(numeral) == value


def test_cn_to_int_rejects_garbage() -> None:
    with pytest.raises(ValueError):
        cn_to_int("十a")
    with pytest.raises(ValueError):
        cn_to_int("")


def test_fold_line_is_idempotent_on_every_prose_line(source: Source) -> None:
    # Clean text must be a fixed point, or search and citation quotes drift between rebuilds.
    # Tab-separated table rows are excluded: their cells are folded by the tables parser.
    for n, line in enumerate(source.lines, 1):
        if "\t" not in line:
            once = fold_line(line)
            assert fold_line(once) == once, n


@given(st.text(alphabet="社会保险险険傷職 \u3000\u00a0和and法12年月,。*-<>", max_size=40))
def test_fold_line_never_leaves_variants_or_double_spaces(s: str) -> None:
    out = fold_line(s)
    assert "険" not in out and "傷" not in out and "職" not in out
    assert "  " not in out and out == out.strip()
