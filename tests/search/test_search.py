"""Search over the real knowledge base: 文号 variants, short queries, synonyms, safety, contract."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from renshe.errors import InputError
from renshe.search.engine import search
from renshe.search.evaluate import engine_ranker, evaluate, known_titles, load_qrels
from renshe.search.query import loose_expr, parse_query, strict_expr, words_expr
from renshe.search.textfold import fold

HERE = Path(__file__).parent
KEYS = {"doc_id", "doc_number", "doc_title", "provision_id", "label", "snippet", "highlights", "score"}


@pytest.fixture(scope="module")
def conn(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)


def _check_contract(res: dict[str, Any]) -> None:
    # docs/cli.md keys; "suggestions" is added (only) when nothing was found
    assert {"query", "total", "results"} <= set(res) <= {"query", "total", "results", "suggestions"}
    assert ("suggestions" in res) == (not res["results"])
    assert res["total"] >= len(res["results"])
    for r in res["results"]:
        assert set(r) >= KEYS
        assert r["doc_number"] is None or re.fullmatch(
            r".+(〔\d{4}〕\d+号|令第\d+号|第\d+号)", r["doc_number"]
        )
        for a, b in r["highlights"]:
            assert 0 <= a < b <= len(r["snippet"])
        assert isinstance(r["score"], float)


# 渝人社发〔2024〕16号 is the 2024 pension adjustment notice (TOC line 263, body from line 7988).
@pytest.mark.parametrize(
    "q",
    [
        "渝人社发（2024）16号",
        "渝人社发〔2024〕16号",
        "渝人社发[2024]16号",
        "渝人社发 〔2024〕 16 号",
        "渝人社发（２０２４）１６号",
        "渝人社发[2024]16",
    ],
)
def test_docnum_variants_put_the_notice_first(conn: sqlite3.Connection, q: str) -> None:
    res = search(conn, q)
    _check_contract(res)
    assert res["results"][0]["doc_id"] == "渝人社发〔2024〕16号"
    assert (
        res["results"][0]["doc_title"]
        == "重庆市人力资源和社会保障局重庆市财政局关于2024年调整退休人员基本养老金的通知"
    )


def test_docnum_is_exact_not_a_prefix(conn: sqlite3.Connection) -> None:
    # 渝人社发〔2024〕1号 (网络招聘, TOC line 460) must not be outranked by 〔2024〕10号, 11号, 16号 …
    res = search(conn, "渝人社发〔2024〕1号", group="doc")
    assert res["results"][0]["doc_id"] == "渝人社发〔2024〕1号"


def test_docnum_with_words_searches_inside_that_document_first(conn: sqlite3.Connection) -> None:
    # 渝人社发〔2024〕16号 三、(一) 定额调整: "每人每月增加28元"
    res = search(conn, "渝人社发〔2024〕16号 定额调整")
    top = res["results"][0]
    assert top["doc_id"] == "渝人社发〔2024〕16号"
    assert "定额调整" in top["snippet"]


def test_one_character_query(conn: sqlite3.Connection) -> None:
    res = search(conn, "薪")
    _check_contract(res)
    assert len(res["results"]) == 10
    for r in res["results"]:
        assert r["highlights"], r
        for a, b in r["highlights"]:
            assert r["snippet"][a:b] == "薪"


def test_two_character_query_finds_work_injury_provisions(conn: sqlite3.Connection) -> None:
    res = search(conn, "工伤")
    _check_contract(res)
    assert res["total"] > 100
    for r in res["results"]:
        assert any(r["snippet"][a:b] == "工伤" for a, b in r["highlights"])
    titles = {r["doc_title"] for r in search(conn, "工伤", group="doc")["results"]}
    assert any("工伤保险" in t for t in titles)


def test_highlights_point_at_the_query(conn: sqlite3.Connection) -> None:
    for q in ["最低工资标准", "失业保险金", "创业担保贷款"]:
        for r in search(conn, q)["results"]:
            for a, b in r["highlights"]:
                assert fold(r["snippet"][a:b]) in parse_query(q).highlight_strings()


def test_synonym_finds_the_laws_word(conn: sqlite3.Connection) -> None:
    # 失业金 is not in the text; the law says 失业保险金 (办法 第七条, line 561).
    res = search(conn, "失业金")
    assert res["results"]
    assert all("失业保险金" in r["snippet"] for r in res["results"][:5])


def test_reordered_words_still_match(conn: sqlite3.Connection) -> None:
    # The document says 军人退役养老保险关系转移 (TOC line 265, 渝人社办〔2024〕26号).
    res = search(conn, "退役军人养老保险关系转移", group="doc")
    assert res["results"][0]["doc_id"] == "渝人社办〔2024〕26号"


def test_minimum_wage_notice_first(conn: sqlite3.Connection) -> None:
    # 重庆市最低工资标准 (渝人社发〔2024〕22号, TOC line 491): 2330 / 2200 元 per month (line ~13870).
    res = search(conn, "最低工资", group="doc")
    assert res["results"][0]["doc_id"] == "渝人社发〔2024〕22号"


@pytest.mark.parametrize(
    "q",
    [
        '"AND"',
        "OR",
        "NOT 工资",
        "NEAR(工资 标准)",
        '工资" OR "1',
        "工资*",
        "-工资",
        "[工资]",
        "(工资",
        "<b>工资</b>",
        "{t_uni}: 薪",
        "工资 AND NOT 标准",
        "^工资",
        "a'b",
        "'; DROP TABLE search_units; --",
    ],
)
def test_hostile_input_is_searched_as_text(conn: sqlite3.Connection, q: str) -> None:
    res = search(conn, q)
    _check_contract(res)
    pq = parse_query(q)
    for expr in (strict_expr(pq), words_expr(pq), loose_expr(pq)):
        if expr:
            # every quoted token is plain lower-case text: no quote, star or operator inside
            for tok in re.findall(r'"([^"]*)"', expr):
                assert re.fullmatch(r"[0-9a-z\u3400-\u9fff ]+", tok), expr
    assert conn.execute("SELECT count(*) FROM search_units").fetchone()[0] > 0


def test_operator_words_are_words(conn: sqlite3.Connection) -> None:
    assert [t.text for t in parse_query("工资 AND 标准").terms] == ["工资", "and", "标准"]


@pytest.mark.parametrize("q", ["", "   ", "、。!?", "《》“”", "***", "-- ()"])
def test_empty_or_punctuation_only_query_is_an_input_error(conn: sqlite3.Connection, q: str) -> None:
    with pytest.raises(InputError) as err:
        search(conn, q)
    assert err.value.field == "query"
    assert "检索词" in err.value.message


def test_group_by_document(conn: sqlite3.Connection) -> None:
    res = search(conn, "养老保险", group="doc", limit=20)
    ids = [r["doc_id"] for r in res["results"]]
    assert len(ids) == len(set(ids)) == 20


def test_filters(conn: sqlite3.Connection) -> None:
    res = search(conn, "工伤", level="municipal", limit=20)
    assert res["results"]
    assert all(r["doc_id"].startswith("渝") or "重庆" in r["doc_title"] for r in res["results"])
    nat = search(conn, "工伤", level="national", limit=20)
    assert all(not r["doc_id"].startswith("渝") for r in nat["results"])
    inside = search(conn, "结算", doc="渝人社发[2024]7号")
    assert {r["doc_id"] for r in inside["results"]} == {"渝人社发〔2024〕7号"}
    cat = search(conn, "工伤", category="社会保险", group="doc", limit=50)
    cats = {
        row[0]
        for r in cat["results"]
        for row in conn.execute("SELECT category FROM documents WHERE id = ?", (r["doc_id"],))
    }
    assert cats == {"社会保险"}
    with pytest.raises(InputError):
        search(conn, "工伤", category="不存在的分类")
    with pytest.raises(InputError):
        search(conn, "工伤", level="省级")
    with pytest.raises(InputError):
        search(conn, "工伤", as_of="2024-13-01")


def test_as_of_ranks_documents_not_yet_in_force_down(conn: sqlite3.Connection) -> None:
    # 实施弹性退休制度暂行办法 (人社部发〔2024〕94号) takes effect 2025-01-01 (line 1350).
    eff = conn.execute("SELECT effective_from FROM documents WHERE id = '人社部发〔2024〕94号'").fetchone()[0]
    assert eff == "2025-01-01"
    now = {r["doc_id"]: r["score"] for r in search(conn, "弹性退休", group="doc")["results"]}
    then = {
        r["doc_id"]: r["score"] for r in search(conn, "弹性退休", group="doc", as_of="2024-06-01")["results"]
    }
    assert then["人社部发〔2024〕94号"] < now["人社部发〔2024〕94号"]


def test_table_rows_are_units(conn: sqlite3.Connection) -> None:
    # 渝人社办〔2024〕78号 training catalogue lists occupations as table rows.
    res = search(conn, "育婴员", doc="渝人社办〔2024〕78号")
    assert res["results"] and res["results"][0]["kind"] == "table_row"
    assert "育婴员" in res["results"][0]["snippet"]


def test_dev_set_targets(conn: sqlite3.Connection) -> None:
    from functools import partial

    qrels = load_qrels(HERE / "search-dev.jsonl")
    assert len(qrels) == 30
    r = evaluate(qrels, engine_ranker(partial(search, conn), known_titles(conn)), repeats=1)
    assert r["ndcg@10"] >= 0.80
    assert r["recall@10"] >= 0.95


def test_cli_json_and_exit_codes(db_path: Path) -> None:
    from renshe.cli import app

    runner = CliRunner()
    ok = runner.invoke(app, ["search", "渝人社发（2024）16号", "--json", "--limit", "3"])
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.stdout)
    assert data["results"][0]["doc_id"] == "渝人社发〔2024〕16号"
    bad = runner.invoke(app, ["search", "。。", "--json"])
    assert bad.exit_code == 2
    assert json.loads(bad.stdout)["error"]["field"] == "query"
    ev = runner.invoke(app, ["eval-search", str(HERE / "search-dev.jsonl"), "--json", "--repeats", "1"])
    assert ev.exit_code == 0, ev.output
    assert set(json.loads(ev.stdout)) >= {"ndcg@10", "recall@10", "mrr", "latency_ms"}


def test_question_words_do_not_block_the_subject(conn: sqlite3.Connection) -> None:
    """A question ("到多大年纪可以领养老金") is matched on its subject words, not on 可以/多大 …"""
    from renshe.search.lexicon import lexicon

    assert lexicon().content_words(["到", "多大年纪", "可以", "领", "养老金"]) == [
        "到",
        "多大年纪",
        "领",
        "养老金",
    ]
    assert lexicon().content_words(["怎么办"]) == ["怎么办"]  # nothing else left: keep it
    res = search(conn, "到多大年纪可以领养老金", group="doc", limit=5)
    # the 决定 (the ages) is among the first; 人社部发〔2024〕72号 第三条 (领取 at 法定退休年龄) may lead
    assert "延迟退休决定" in [r["doc_id"] for r in res["results"][:3]]
    res = search(conn, "我能领多少失业金", group="doc", limit=3)
    assert "失业保险金申领发放办法" in [r["doc_id"] for r in res["results"]]
