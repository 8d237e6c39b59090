"""End clauses and application windows, against the text (source line numbers in comments)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from typer.testing import CliRunner

from renshe.errors import NotFound
from renshe.kb import KB
from renshe.validity import STATUSES
from renshe.validity.periods import ends, horizon, normalize_provision_id, provision_end, windows
from renshe.validity.status import status_counts, status_of


def st(kb: KB, ref: str, on: str) -> dict[str, Any]:
    return status_of(kb, ref, date.fromisoformat(on))


# -- document-level end: 渝人社发〔2024〕14号 五(五), line 3617 --------------------------------------


def test_14_expired_after_its_period(kb: KB) -> None:
    # "(五)自2024年6月1日起执行,实施期限至2025年12月31日。" — no repeal list names it
    r = st(kb, "渝人社发〔2024〕14号", "2026-12-01")
    assert r["status"] == "已到期" and r["status"] != "现行有效"
    assert r["since"] == "2026-01-01"
    first = r["decided_by"][0]
    assert first["provision_id"] == "渝人社发〔2024〕14号/五/(五)"
    assert "实施期限至2025年12月31日" in first["quote"]
    assert first["lines"][0] == 3617


def test_14_in_force_inside_its_period(kb: KB) -> None:
    r = st(kb, "渝人社发〔2024〕14号", "2025-06-01")
    assert r["status"] == "现行有效"
    assert any("2026-01-01起到期" in n for n in r["notes"])
    # last day in force, and the first day after
    assert st(kb, "渝人社发〔2024〕14号", "2025-12-31")["status"] == "现行有效"
    assert st(kb, "渝人社发〔2024〕14号", "2026-01-01")["status"] == "已到期"


def test_14_provision_status_any_bracket_form(kb: KB) -> None:
    assert normalize_provision_id(kb, "渝人社发[2024]14号/五/（五）") == "渝人社发〔2024〕14号/五/(五)"
    r = st(kb, "渝人社发[2024]14号/五/（五）", "2026-12-01")
    assert r["provision_id"] == "渝人社发〔2024〕14号/五/(五)"
    assert (r["status"], r["document_status"], r["in_force"]) == ("已到期", "已到期", False)
    assert r["ended_on"] == "2025-12-31"


def test_the_14_end_does_not_leak_into_its_stated_documents(kb: KB) -> None:
    # 人社部发〔2024〕76号 第六 (8092) and 渝人社发〔2024〕11号 (3377) keep their own later ends
    assert st(kb, "人社部发〔2024〕76号", "2026-12-01")["status"] == "现行有效"
    assert st(kb, "人社部发〔2024〕76号", "2040-01-01")["status"] == "已到期"
    assert st(kb, "渝人社发〔2024〕11号", "2028-10-01")["status"] == "已到期"


# -- provision-level ends: the measure ends, the document stays ------------------------------


@pytest.mark.parametrize(
    ("pid", "last", "line", "words"),
    [
        ("人社部发〔2024〕40号/一", "2025-12-31", 8911, "执行期限至2025年12月31日"),
        ("人社部发〔2024〕40号/二", "2024-12-31", 8913, "政策执行期限至2024年12月31日"),
        ("人社部发〔2024〕40号/三", "2024-12-31", 8915, "政策执行期限至2024年12月31日"),
        ("人社部发〔2024〕44号/一", "2025-12-31", 4122, "政策执行至2025年12月31日"),
        # printed across a page break: "政策执行至2025" (4124) … "年12月31日。" (4126)
        ("人社部发〔2024〕44号/二", "2025-12-31", 4124, "政策执行至2025年12月31日"),
        ("人社部发〔2024〕44号/八", "2025-12-31", 4140, "政策执行至2025年12月31日"),
    ],
)
def test_provision_level_ends_in_kb(kb: KB, pid: str, last: str, line: int, words: str) -> None:
    row = kb.conn.execute(
        "SELECT ends_on, quote, line_start, scope FROM v_ends WHERE level = 'provision' AND provision_id = ?",
        (pid,),
    ).fetchone()
    assert row is not None
    assert (row[0], row[2], row[3]) == (last, line, pid)
    assert words in row[1]
    end = next(e for e in ends(kb, pid) if e["level"] == "provision")
    assert end["ends_on"] == last


def test_provision_levels_only_where_printed(kb: KB) -> None:
    scopes = {
        r[0]
        for r in kb.conn.execute("SELECT scope FROM v_ends WHERE level = 'provision'")
        if r[0].startswith(("人社部发〔2024〕40号", "人社部发〔2024〕44号"))
    }
    assert scopes == {
        "人社部发〔2024〕40号/一",
        "人社部发〔2024〕40号/二",
        "人社部发〔2024〕40号/三",
        "人社部发〔2024〕44号/一",
        "人社部发〔2024〕44号/二",
        "人社部发〔2024〕44号/八",
    }


def test_40_er_ended_document_in_force(kb: KB) -> None:
    on = date(2025, 3, 1)
    p = provision_end(kb, "人社部发〔2024〕40号/二", on)
    assert (p["in_force"], p["ended_on"], p["since"], p["status"]) == (
        False,
        "2024-12-31",
        "2025-01-01",
        "已到期",
    )
    assert p["document_status"] == "现行有效"
    assert p["clause"]["provision_id"] == "人社部发〔2024〕40号/二"
    # a provision below it ends with it
    assert provision_end(kb, "人社部发〔2024〕40号/二", date(2024, 12, 31))["in_force"] is True
    # 四 states no end: in force, and past the compilation's horizon a warning
    four = provision_end(kb, "人社部发〔2024〕40号/四", on)
    assert four["in_force"] is True and four["ended_on"] is None
    assert four["horizon"] and "2024-12-31" in four["horizon"]
    assert provision_end(kb, "人社部发〔2024〕40号/四", date(2024, 6, 1))["horizon"] is None
    doc = st(kb, "人社部发〔2024〕40号", "2025-03-01")
    assert doc["status"] == "现行有效"
    assert [e["scope"] for e in doc["provision_ends"]] == [
        "人社部发〔2024〕40号/二",
        "人社部发〔2024〕40号/三",
        "人社部发〔2024〕40号/一",
    ]


def test_horizon_is_the_last_signing_date(kb: KB) -> None:
    assert horizon(kb.conn) == date(2024, 12, 31)


# -- application windows ---------------------------------------------------------------------


def test_17_ba_window_closes_not_ends(kb: KB) -> None:
    # 3918: "3. 一次性扩岗补助应当在符合补贴条件后的3个月内进行申报,受理截止日期为2026年6月30日。"
    ws = windows(kb, "渝人社发〔2024〕17号/八", date(2026, 12, 1))
    closes = [w for w in ws if w["kind"] == "closes"]
    assert len(closes) == 1
    w = closes[0]
    assert (w["closes"], w["provision_id"], w["scope"], w["lines"][0]) == (
        "2026-06-30",
        "渝人社发〔2024〕17号/八/(四)/3",
        "渝人社发〔2024〕17号/八",
        3918,
    )
    assert w["closed"] is True
    assert any(x["kind"] == "relative" and "3个月内" in x["rule"] for x in ws)
    assert windows(kb, "渝人社发〔2024〕17号/八/(二)", date(2026, 6, 30))[0]["closed"] is False
    # the window does not end the document or the provision
    assert st(kb, "渝人社发〔2024〕17号", "2026-12-01")["status"] == "现行有效"
    p = provision_end(kb, "渝人社发〔2024〕17号/八", date(2026, 12, 1))
    assert p["in_force"] is True and p["window_closed"] is True
    r = st(kb, "渝人社发〔2024〕17号/八", "2026-12-01")
    assert r["status"] == "现行有效" and any("2026-06-30" in n and "已截止" in n for n in r["notes"])
    # other measures of the notice have no such window
    assert not [w for w in windows(kb, "渝人社发〔2024〕17号/七") if w["kind"] == "closes"]


def test_windows_are_their_own_table(kb: KB) -> None:
    kinds = {r[0]: r[1] for r in kb.conn.execute("SELECT kind, COUNT(*) FROM v_windows GROUP BY kind")}
    assert set(kinds) <= {"closes", "period", "recurring", "relative"}
    # 3858: 交通食宿补贴受理截止日期为次年3月31日 — recurring, no fixed date
    row = kb.conn.execute(
        "SELECT kind, closes, rule FROM v_windows WHERE provision_id = '渝人社发〔2024〕17号/六/(四)/1'"
    ).fetchone()
    assert tuple(row) == ("recurring", None, "次年3月31日")
    # 5849: 报名时间为2024年4月15日上午9:00至4月19日上午9:00 (year carried over)
    row = kb.conn.execute("SELECT opens, closes FROM v_windows WHERE kind = 'period'").fetchone()
    assert tuple(row) == ("2024-04-15", "2024-04-19")
    # 3925: 高校毕业生离校截止日期统一认定为6月30日 is a definition, not a window
    assert not kb.conn.execute("SELECT 1 FROM v_windows WHERE quote LIKE '%离校截止日期%'").fetchone()
    # no window ever makes a document 已到期: the ended documents are exactly those with end clauses
    counts = status_counts(kb, date(2026, 12, 1), scope="compilation")
    assert set(counts) == set(STATUSES)
    ended = kb.conn.execute(
        "SELECT COUNT(DISTINCT doc_id) FROM v_ends WHERE level = 'document' AND ends_on < '2026-12-01'"
    )
    assert counts["已到期"] == ended.fetchone()[0]


def test_unknown_provision(kb: KB) -> None:
    with pytest.raises(NotFound, match="找不到条款"):
        st(kb, "人社部发〔2024〕40号/九", "2025-01-01")
    with pytest.raises(NotFound):
        provision_end(kb, "人社部发〔2024〕40号/九", date(2025, 1, 1))


# -- the command -------------------------------------------------------------------------------


def test_cli_status_per_document_and_provision(db_path: object) -> None:
    from renshe.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["status", "渝人社发〔2024〕14号", "--on", "2026-12-01"])
    assert r.exit_code == 0, r.output
    assert "已到期" in r.output and "现行有效" not in r.output.split("\n")[2]
    assert "五/(五)" in r.output
    r = runner.invoke(app, ["status", "渝人社发〔2024〕14号", "--on", "2025-06-01", "--json"])
    assert json.loads(r.output)["status"] == "现行有效"
    r = runner.invoke(app, ["status", "渝人社发〔2024〕14号/五/(五)", "--on", "2026-12-01", "--json"])
    d = json.loads(r.output)
    assert (d["provision_id"], d["status"], d["ended_on"]) == (
        "渝人社发〔2024〕14号/五/(五)",
        "已到期",
        "2025-12-31",
    )
    r = runner.invoke(app, ["status", "渝人社发〔2024〕17号/八", "--on", "2026-12-01"])
    assert r.exit_code == 0 and "2026-06-30" in r.output
    r = runner.invoke(app, ["status", "人社部发〔2024〕40号/九", "--json"])
    assert r.exit_code == 2 and "找不到条款" in r.output


# -- the deadline command asks the validity layer ---------------------------------------------


def test_deadline_with_governing_provision(db_path: object) -> None:
    from renshe.cli.deadline import deadline_doc

    # 90 days from 2026-05-01 run past 17号 八's 受理截止日期 2026-06-30 (3918)
    d = deadline_doc("2026-05-01", "90", False, provision="渝人社发〔2024〕17号/八")
    assert d["deadline"] == "2026-07-30"
    assert d["governing"]["in_force"] is True
    assert any("晚于受理截止日期2026-06-30" in n for n in d["notes"])
    # 40号 二 ended 2024-12-31 (8913): a limit started in 2025 says so and quotes the clause
    d = deadline_doc("2025-03-03", "10", True, provision="人社部发〔2024〕40号/二")
    assert d["governing"]["in_force"] is False and d["governing"]["ended_on"] == "2024-12-31"
    assert any("已不再有效" in n and "政策执行期限至2024年12月31日" in n for n in d["notes"])
    # started inside the period, ending after it
    d = deadline_doc("2024-12-20", "10", True, provision="人社部发〔2024〕40号/二")
    assert d["governing"]["in_force"] is True
    assert any("执行期限至2024-12-31,早于期限" in n for n in d["notes"])
    with pytest.raises(NotFound):
        deadline_doc("2025-03-03", "10", True, provision="人社部发〔2024〕40号/九")


def test_api_status_per_provision(client: Any) -> None:
    r = client.get("/api/status/渝人社发〔2024〕14号/五/(五)", params={"on": "2026-12-01"})
    assert r.status_code == 200, r.text
    d = r.json()
    assert (d["provision_id"], d["status"], d["ended_on"]) == (
        "渝人社发〔2024〕14号/五/(五)",
        "已到期",
        "2025-12-31",
    )
    r = client.get("/api/status/渝人社发〔2024〕17号/八", params={"on": "2026-12-01"})
    assert r.json()["window_closed"] is True and r.json()["status"] == "现行有效"
    assert client.get("/api/status/人社部发〔2024〕40号/九").status_code == 404


def test_expiry_after_the_horizon_warns(kb: KB) -> None:
    # 14号 五(五) ends 2025-12-31, after the compilation's last document (2024-12-31); its own
    # text says 到期前…确定是否延续 (3617–3619): whether it was extended is beyond the compilation
    r = st(kb, "渝人社发〔2024〕14号", "2026-12-01")
    assert sum("到期后是否延续" in n for n in r["notes"]) == 1
    p = st(kb, "渝人社发〔2024〕14号/五/(五)", "2026-12-01")
    assert sum("到期后是否延续" in n for n in p["notes"]) == 1
    # 40号 二 ended 2024-12-31, inside the compilation's reach: no such warning
    assert provision_end(kb, "人社部发〔2024〕40号/二", date(2025, 3, 1))["horizon"] is None
