"""Named procedures: every catalogue entry against its provision's text and its cases from the text."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from renshe.cli import app
from renshe.errors import InputError, NotFound
from renshe.kb import KB
from renshe.procedures import catalogue, compute, find
from renshe.procedures.answer import deadline_doc, listing, quote_lines

PROCS = catalogue()
CASES = [(p, c) for p in PROCS for c in p.cases]


def _flat(s: str) -> str:
    return "".join(s.split())


def test_at_least_twenty_procedures_each_with_a_case() -> None:
    assert len(PROCS) >= 20
    assert all(p.cases for p in PROCS), [p.id for p in PROCS if not p.cases]


@pytest.mark.parametrize("p", PROCS, ids=[p.id for p in PROCS])
def test_quote_is_in_the_provision_text(kb: KB, p) -> None:  # type: ignore[no-untyped-def]
    row = kb.conn.execute("SELECT text FROM provisions WHERE id = ?", (p.provision,)).fetchone()
    if row is None:  # an external provision (工伤保险条例): its official text, marked as such
        ext = kb.provision(p.provision)
        assert ext is not None and ext["external"] is True, p.provision
        row = (ext["text"],)
    assert _flat(p.quote) in _flat(row[0])
    if p.extension and p.extension.get("quote"):
        assert _flat(p.extension["quote"]) in _flat(row[0])
    if p.later_anchor:
        other = p.later_anchor.get("provision", p.provision)
        row = kb.conn.execute("SELECT text FROM provisions WHERE id = ?", (other,)).fetchone()
        assert _flat(p.later_anchor["quote"]) in _flat(row[0])
    for s in (p.superseded_by, *p.governs):
        if s and s.get("quote"):
            row = kb.conn.execute("SELECT text FROM provisions WHERE id = ?", (s["provision"],)).fetchone()
            assert _flat(s["quote"]) in _flat(row[0])


@pytest.mark.parametrize("p,case", CASES, ids=[f"{p.id}-{c['anchor']}" for p, c in CASES])
def test_case_from_the_text(p, case) -> None:  # type: ignore[no-untyped-def]
    inputs = {k: str(v) for k, v in (case.get("inputs") or {}).items()}
    r = compute(p, str(case["anchor"]), inputs)
    assert r.deadline == str(case["deadline"])
    if "estimated" in case:
        assert r.estimated is case["estimated"]
    if "extended" in case:
        assert r.extended == str(case["extended"])


def test_retirement_bundle_2736_estimated(kb: KB) -> None:
    doc = deadline_doc(kb, "退休一件事", "2026-12-01")
    assert doc["deadline"] == "2027-01-07"
    assert doc["estimated"] is True
    assert doc["procedure"]["provision"]["lines"] == [2736, 2736]
    assert doc["procedure"]["provision"]["quote"] == "26个工作日。"
    assert any("起算点" in n for n in doc["notes"])  # the anchor the text leaves implicit


def test_late_recognition_oracle() -> None:
    """7号 第四条: injured 2024-11, recognised 2025-02 → 2024 costs settled by 2026-02-28."""
    p = find("工伤医疗期待遇结算")
    assert compute(p, "2024-11-05", {"recognised_on": "2025-02-01"}).deadline == "2026-02-28"
    assert compute(p, "2024-11-05").deadline == "2025-02-28"
    assert compute(p, "2024-11", {"recognised_on": "2025-02"}).deadline == "2026-02-28"  # months suffice
    # recognised two years later: the text speaks of 次年认定 only — computed by the same rule, noted
    r = compute(p, "2024-11-05", {"recognised_on": "2026-03-01"})
    assert r.deadline == "2027-02-28" and any("次年认定" in n for n in r.notes)
    with pytest.raises(InputError):
        compute(p, "2024-11-05", {"recognised_on": "2024-10-01"})
    with pytest.raises(InputError, match="没有输入项"):
        compute(p, "2024-11-05", {"recognized": "2025-02-01"})


def test_leap_year_keeps_the_printed_28_february() -> None:
    assert compute(find("工伤结算"), "2027-06-01").deadline == "2028-02-28"


def test_recovery_window_and_compensation() -> None:
    """127号 (四): paid 2024-05 → window 2024-06…2025-05; district pays by 2025-12-31."""
    assert compute(find("先行支付限时追偿期"), "2024-05").deadline == "2025-05-31"
    assert compute(find("先行支付区县补偿"), "2024-05-31").deadline == "2025-12-31"
    assert compute(find("先行支付限时追偿期"), "2024-12-01").deadline == "2025-12-31"
    assert compute(find("先行支付区县补偿"), "2024-12-01").deadline == "2025-12-31"


def test_retirement_notices_come_from_the_rule() -> None:
    """The rule (via the registry) decides; a chosen month outside the window is refused in Chinese."""
    from renshe.rules.registry import run

    p = find("弹性提前退休告知")
    for planned in ("2030-06", "2031-01", "2031-10"):
        doc = run("retirement", {"birth": "1970-06", "category": "male60", "planned_month": planned})
        assert (
            compute(p, planned, {"birth": "1970-06", "category": "male60"}).deadline
            == (doc["result"]["planned"]["notice_deadline_month"])
        )
    with pytest.raises(InputError):
        compute(p, "2029-01", {"birth": "1970-06", "category": "male60"})  # below the original age
    with pytest.raises(InputError, match="birth"):
        compute(p, "2031-01", {"category": "male60"})


def test_unemployment_conflicts_match_the_rule(kb: KB) -> None:
    """60 days (办法 第六条) abolished by 40号 五; 10 days (第十四条) replaced by 60号 一's 10 WD —
    the same answers as the unemployment rule gives."""
    from renshe.rules.registry import run

    sixty = deadline_doc(kb, "失业保险金申领(60日)", "2025-03-03")
    assert sixty["conflict"]["status"] == "superseded"
    assert sixty["conflict"]["by"]["provision"] == "人社部发〔2024〕40号/五"
    bylaw = deadline_doc(kb, "失业保险金资格审核(办法10日)", "2025-09-26")
    assert bylaw["deadline"] == "2025-10-06"
    assert bylaw["conflict"]["instead"]["deadline"] == "2025-10-16"
    gov = deadline_doc(kb, "失业保险金审核", "2025-09-26")
    assert gov["deadline"] == "2025-10-16" and gov["conflict"]["over"][0]["deadline"] == "2025-10-06"
    ui = run(
        "unemployment-benefit",
        {
            "contribution_years": "5",
            "separation_reason": "contract_ended",
            "registered": "true",
            "birth": "1980-01",
            "category": "male60",
            "separated_on": "2025-09-20",
            "applied_on": "2025-09-26",
        },
    )["result"]
    assert ui["review_deadline"] == gov["deadline"]
    assert ui["review_deadline_bylaw"] == bylaw["deadline"]
    assert ui["application_time_limit_applies"] is False


def test_validity_notes(kb: KB) -> None:
    """17号 八's window closes 2026-06-30: a later anchor is told so."""
    doc = deadline_doc(kb, "一次性扩岗补助申报", "2026-05-15")
    assert doc["deadline"] == "2026-08-15"
    assert any("2026-06-30" in n for n in doc["notes"])


def test_find() -> None:
    assert find("退休“一件事”").id == "retirement-bundle"
    assert find("笔试复核").id == "exam-score-review-request"
    with pytest.raises(NotFound):
        find("不存在的程序")
    with pytest.raises(NotFound, match="多个"):
        find("结算")


def test_listing_every_entry_cites_lines(kb: KB) -> None:
    doc = listing(kb, date(2025, 6, 1))
    assert doc["count"] == len(PROCS)
    for e in doc["procedures"]:
        # an external provision (工伤保险条例) has no lines in the compilation: it is marked instead
        assert (e["provision"]["lines"] or e["provision"]["external"]) and e["validity"]["status"]
    assert quote_lines(kb, find("工伤保险基金年度结算")) == [8679, 8679]


runner = CliRunner()


def test_cli_list_and_procedure(kb: KB) -> None:
    r = runner.invoke(app, ["deadline", "--list", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["count"] >= 20
    r = runner.invoke(app, ["deadline", "--procedure", "退休一件事", "2026-12-01"])
    assert r.exit_code == 0, r.output
    assert "2027-01-07" in r.output and "预估" in r.output and "2736" in r.output
    r = runner.invoke(
        app,
        ["deadline", "--procedure", "工伤医疗期待遇结算", "2024-11-20", "recognised_on=2025-02-10", "--json"],
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["deadline"] == "2026-02-28"
    # the classic contract is unchanged
    r = runner.invoke(app, ["deadline", "2024-09-27", "26", "--working-days", "--json"])
    assert json.loads(r.output)["deadline"] == "2024-11-07"


@pytest.mark.parametrize(
    "args",
    [
        ["deadline", "--procedure", "没有这个", "2025-01-01"],
        ["deadline", "--procedure", "退休一件事", "2025-13-01"],
        ["deadline", "--procedure", "退休一件事"],
        ["deadline", "--procedure", "工伤医疗期待遇结算", "2024-11-20", "recognised_on"],
        ["deadline"],
        ["deadline", "--procedure", "工伤结算", "9999-12-31"],
        ["deadline", "--procedure", "退休一件事", "2026-12-01", "--strict"],  # 2027 not published
        ["deadline", "--procedure", "扩岗补助申报", "0001-01-01"],
        ["deadline", "--procedure", "弹性提前退休告知", "2031-06", "birth=1970-06", "category=nobody"],
    ],
)
def test_cli_bad_input_exit_2(kb: KB, args: list[str]) -> None:
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output


def test_api_list_and_compute(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/procedures")
    assert r.status_code == 200 and r.json()["count"] >= 20
    r = client.get("/api/procedures/退休一件事", params={"date": "2026-12-01"})
    assert r.status_code == 200
    body = r.json()
    assert body["deadline"] == "2027-01-07" and body["estimated"] is True
    assert body["procedure"]["provision"]["lines"] == [2736, 2736]
    r = client.get(
        "/api/procedures/工伤医疗期待遇结算", params={"date": "2024-11-20", "recognised_on": "2025-02-10"}
    )
    assert r.json()["deadline"] == "2026-02-28"
    assert client.get("/api/procedures/笔试复核").json()["id"] == "exam-score-review-request"
    assert client.get("/api/procedures/没有这个").status_code == 404
    r = client.get("/api/procedures/退休一件事", params={"date": "2026-02-30"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "date"
    r = client.get("/api/procedures/退休一件事", params={"date": "2026-12-01", "strict": "true"})
    assert r.status_code == 422


def test_web_page(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/procedures")
    assert r.status_code == 200 and "工伤医疗期待遇结算" in r.text
    r = client.get("/procedures", params={"name": "退休一件事", "date": "2026-12-01"})
    assert r.status_code == 200 and "2027-01-07" in r.text and "预估" in r.text and "2736" in r.text
    r = client.get("/procedures", params={"name": "退休一件事", "date": "bad"})
    assert r.status_code == 422 and "无效" in r.text


def test_injury_recognition_deadlines_from_the_regulation(kb: KB) -> None:
    """工伤保险条例 第十七条 (external): 30 days for the employer, with the liability it bears when late."""
    doc = deadline_doc(kb, "工伤认定申请", "2025-03-01")
    assert doc["deadline"] == "2025-03-31" and doc["procedure"]["provision"]["external"] is True
    assert doc["procedure"]["provision"]["lines"] is None
    assert any("由该用人单位负担" in n for n in doc["notes"])
    assert any("本条不在本汇编中" in n for n in doc["notes"])
    assert doc["validity"]["in_force"] is True
    assert deadline_doc(kb, "职工工伤认定申请", "2025-03-01")["deadline"] == "2026-03-01"
    d = deadline_doc(kb, "劳动能力鉴定", "2025-04-01")
    assert (d["deadline"], d["extended_deadline"]) == ("2025-05-31", "2025-06-30")
