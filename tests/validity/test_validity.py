"""Validity on specific dates, from every source kind, against the text (line numbers in comments)."""

from __future__ import annotations

import json
import os
from datetime import date
from typing import Any

import pytest

from renshe.errors import InputError, NotFound
from renshe.kb import KB
from renshe.validity import STATUSES
from renshe.validity.cites import find_cites, kind_of
from renshe.validity.graph import refs_of
from renshe.validity.sources import cn_number
from renshe.validity.status import in_force_ids, is_in_force, status_counts, status_of


def st(kb: KB, ref: str, on: str) -> dict[str, Any]:
    return status_of(kb, ref, date.fromisoformat(on))


# -- the acceptance example ------------------------------------------------------------


def test_130_abolished_by_13th_batch(kb: KB) -> None:
    # 13th batch 附件1 #4 (line 15472), notice signed 2024-11-19, "自公布之日起" (15453)
    r = st(kb, "渝人社发〔2019〕130号", "2024-12-01")
    assert (r["status"], r["since"]) == ("已废止", "2024-11-19")
    first = r["decided_by"][0]
    assert first["doc_number"] == "渝人社发〔2024〕21号"
    assert first["lines"] == [15472, 15472]
    assert "关于做好职业技能提升行动培训有关工作的通知" in first["quote"]


def test_130_in_force_mid_2024_on_12th_list(kb: KB) -> None:
    # 12th batch 附件2 #194 (line 15118): continuing as of 2023-12-31, published 2024-02-29
    r = st(kb, "渝人社发[2019]130号", "2024-06-01")
    assert r["status"] == "现行有效"
    assert r["decided_by"][0]["doc_number"] == "渝人社发〔2024〕6号"
    assert r["decided_by"][0]["seq"] == 194
    assert any("2024-11-19" in n for n in r["notes"])


# -- national lists ----------------------------------------------------------------------------


def test_labour_insurance_regulation_repealed_by_777(kb: KB) -> None:
    # 国务院令第777号 附件2 一 (14493), effective 2024-05-01 (14412)
    assert st(kb, "中华人民共和国劳动保险条例", "2024-04-30")["status"] == "现行有效"
    r = st(kb, "劳动保险条例", "2024-05-01")
    assert (r["status"], r["since"]) == ("已废止", "2024-05-01")
    assert r["decided_by"][0]["provision_id"] == "国务院令第777号/附件2/一"


def test_777_amendment_list(kb: KB) -> None:
    # 附件1 一 (14421): 教学成果奖励条例 amended from 2024-05-01
    r = st(kb, "教学成果奖励条例", "2024-06-01")
    assert (r["status"], r["since"]) == ("已修改", "2024-05-01")
    assert r["decided_by"][0]["provision_id"] == "国务院令第777号/附件1/一"


def test_777_repeal_with_order_number(kb: KB) -> None:
    # 附件2 十 (14511): 租赁经营暂行条例, issued by 国务院令第2号
    assert st(kb, "国务院令第2号", "2024-05-02")["status"] == "已废止"


def test_32_mohrss_repeal_list(kb: KB) -> None:
    # 人社部发〔2024〕32号 附件 16 (劳社部发〔2004〕22号), signed 2024-02-23
    r = st(kb, "劳社部发〔2004〕22号", "2024-03-01")
    assert (r["status"], r["since"]) == ("已废止", "2024-02-23")
    # row 13 is split inside its 文号 at 14550/14552
    assert st(kb, "劳部发〔1997〕235号", "2024-03-01")["status"] == "已废止"


def test_53_amends_and_repeals_rules(kb: KB) -> None:
    # 人社部令第53号 一 (14574) amends 失业保险金申领发放办法, 二 (14578) repeals 令第13号;
    # 自公布之日起 2024-06-14
    r = st(kb, "失业保险金申领发放办法", "2024-12-31")
    assert (r["status"], r["since"]) == ("已修改", "2024-06-14")
    assert r["decided_by"][0]["doc_number"] == "人社部令第53号"
    assert st(kb, "劳动保障部令第13号", "2024-06-14")["status"] == "已废止"
    assert st(kb, "人力资源社会保障部令第6号", "2024-06-13")["status"] == "现行有效"


def test_revision_note_under_title(kb: KB) -> None:
    # line 8770: 第二次修订 2019-12-09 — before the 2024 revision it is amended since then
    r = st(kb, "失业保险金申领发放办法", "2020-01-01")
    assert (r["status"], r["since"]) == ("已修改", "2019-12-09")


def test_93_declared_lapsed(kb: KB) -> None:
    # 人社部函〔2024〕93号 附件 1 (14603), signed 2024-11-05
    r = st(kb, "人社部发〔2018〕59号", "2024-11-05")
    assert (r["status"], r["since"]) == ("失效", "2024-11-05")
    assert st(kb, "人社部发〔2018〕59号", "2024-11-04")["status"] == "现行有效"


def test_chongqing_government_list_row_31_shares_line(kb: KB) -> None:
    # 渝府发〔2024〕23号: rows 三十 and 三十一 printed on one line (14684); effective 2024-12-07
    for ref in ("渝府发〔2018〕53号", "渝府发〔2018〕55号", "渝府发〔2000〕41号"):
        r = st(kb, ref, "2024-12-07")
        assert (r["status"], r["since"]) == ("已废止", "2024-12-07"), ref


def test_12th_batch_abolished_list(kb: KB) -> None:
    # 12th batch 附件1 #25 (14870): the 2018 minimum-wage notice, 2024-02-29
    r = st(kb, "渝人社发〔2018〕229号", "2024-03-01")
    assert (r["status"], r["since"]) == ("已废止", "2024-02-29")


# -- clauses inside documents ------------------------------------------------------------------


def test_repeal_clause_youth_internship(kb: KB) -> None:
    # 渝人社发〔2024〕12号 第三十条 (4672–4674), 自印发之日起 2024-04-30
    r = st(kb, "渝人社发〔2018〕96号", "2024-05-01")
    assert (r["status"], r["since"]) == ("已废止", "2024-04-30")
    assert r["decided_by"][0]["provision_id"].endswith("/第三十条")
    assert st(kb, "渝人社发〔2016〕230号", "2024-04-29")["status"] == "现行有效"


def test_repeal_clause_three_targets(kb: KB) -> None:
    # 渝人社发〔2024〕20号 第二十九条 (4972), 2024-11-15
    for ref in ("渝人社发〔2018〕240号", "渝人社办〔2022〕135号", "渝人社办〔2023〕295号"):
        assert st(kb, ref, "2024-11-15")["since"] == "2024-11-15", ref


def test_same_target_repealed_twice(kb: KB) -> None:
    # 渝职改办[2012]66号 repealed by 渝人社发〔2024〕3号 (9646) and 〔2024〕4号 (9709), both 2024-01-31
    r = st(kb, "渝职改办[2012]66号", "2024-02-01")
    assert r["status"] == "已废止"
    assert {d["doc_number"] for d in r["decided_by"]} >= {"渝人社发〔2024〕3号", "渝人社发〔2024〕4号"}


def test_occupational_disease_catalogue_2013(kb: KB) -> None:
    # 国卫职健发〔2024〕39号 (7686): the 2013 catalogue ends when the new one applies, 2025-08-01
    assert st(kb, "职业病分类和目录(2013年)", "2025-07-31")["status"] == "现行有效"
    assert st(kb, "职业病分类和目录(2013年)", "2025-08-01")["status"] == "已废止"


def test_partial_repeal_is_amendment(kb: KB) -> None:
    # 延迟退休决定 五 (539): retirement-age provisions of the 1978 暂行办法 不再施行 from 2025-01-01
    r = st(kb, "国务院关于工人退休、退职的暂行办法", "2025-01-01")
    assert (r["status"], r["since"]) == ("已修改", "2025-01-01")


# -- dates the documents state -----------------------------------------------------------------


def test_not_yet_effective(kb: KB) -> None:
    # 延迟退休决定 五 (539): 自2025年1月1日起施行
    r = st(kb, "延迟退休决定", "2024-12-31")
    assert r["status"] == "尚未生效"
    assert r["decided_by"][0]["provision_id"] == "延迟退休决定/五"
    assert st(kb, "延迟退休决定", "2025-01-01")["status"] == "现行有效"


def test_expired_period(kb: KB) -> None:
    # 渝人社发〔2024〕11号 七(三) (3377): 执行至2028年9月30日
    assert st(kb, "渝人社发〔2024〕11号", "2028-09-30")["status"] == "现行有效"
    r = st(kb, "渝人社发〔2024〕11号", "2028-10-01")
    assert (r["status"], r["since"]) == ("已到期", "2028-10-01")


def test_minimum_wage_superseded_not_repealed(kb: KB) -> None:
    # 渝人社发〔2024〕22号 四 (13891) from 2025-01-01; 〔2021〕52号 stays on the 13th list (#262, 15777)
    r = st(kb, "渝人社发〔2021〕52号", "2025-02-01")
    assert r["status"] == "现行有效"
    assert any("渝人社发〔2024〕22号" in n for n in r["notes"])
    assert not any(
        "渝人社发〔2024〕22号" in n
        for n in st(kb, "渝人社发〔2021〕52号", "2024-12-31")["notes"]
        if "替代" in n and "起施行" in n and n.startswith("同名")
    )


# -- reconciliation ----------------------------------------------------------------------------


def test_unexplained_drop_is_pending(kb: KB) -> None:
    # 12th #38 (14946) 渝人社发〔2020〕53号 missing from the 13th list (no row 38 at 15531)
    r = st(kb, "渝人社发〔2020〕53号", "2024-12-01")
    assert (r["status"], r["since"]) == ("待核实", "2024-11-19")
    assert st(kb, "渝人社发〔2020〕53号", "2024-06-01")["status"] == "现行有效"


def test_reconciliation_balances(kb: KB) -> None:
    s = dict(kb.conn.execute("SELECT key, value FROM v_summary").fetchall())
    assert (s["old_total"], s["new_total"], s["new_stated"]) == ("487", "490", "491")
    assert (s["abolished"], s["repealed_elsewhere"], s["unexplained_drop"], s["new"]) == (
        "10",
        "2",
        "1",
        "16",
    )
    assert s["balanced"] == "true" and s["new_missing_seq"] == "38"
    assert 30 <= int(s["title_differs"]) <= 36


def test_reconciliation_findings(kb: KB) -> None:
    rows = kb.conn.execute("SELECT kind, line_start, message FROM v_findings").fetchall()
    kinds = {(k, line) for k, line, _ in rows}
    assert ("validity_unexplained_drop", 14946) in kinds
    assert ("validity_list_entry", 15583) in kinds  # x渝人发〔2004〕45号
    assert ("validity_list_entry", 15844) in kinds  # row 322, empty 文号, matched by title
    assert "渝劳社发〔2008〕25号" in next(m for k, line, m in rows if line == 15844)


def test_every_list_entry_has_a_status(kb: KB) -> None:
    ids = [r[0] for r in kb.conn.execute("SELECT DISTINCT doc_id FROM v_events WHERE list_id IS NOT NULL")]
    assert len(ids) > 600
    for doc_id in ids[::25]:
        assert status_of(kb, doc_id, date(2024, 12, 31))["status"] in STATUSES


# -- counts, helpers, references, CLI ----------------------------------------------------------


def test_status_counts_cover_every_value(kb: KB) -> None:
    c = status_counts(kb, date(2024, 12, 31), "compilation")
    assert sum(c.values()) == 136 and c["尚未生效"] >= 5
    allc = status_counts(kb, date(2024, 12, 31))
    assert allc["已废止"] >= 180 and allc["失效"] == 3 and allc["待核实"] >= 1
    assert status_counts(kb, date(2029, 1, 1))["已到期"] >= 1


def test_in_force_helpers(kb: KB) -> None:
    ids = in_force_ids(kb.conn, date(2024, 6, 1))
    assert "渝人社发〔2019〕130号" in ids and "延迟退休决定" not in ids
    assert is_in_force(kb, "延迟退休决定", date(2025, 1, 1))
    assert not is_in_force(kb, "渝人社发〔2019〕130号", date(2024, 12, 1))


def test_refs_out_and_in(kb: KB) -> None:
    r = refs_of(kb, "渝人社发〔2024〕12号")
    out = {(x["to_doc"], x["kind"]) for x in r["out"]}
    assert ("渝人社发〔2016〕230号", "废止") in out and ("国办发〔2022〕13号", "依据") in out
    assert ("渝人社发〔2024〕21号", "继续有效") in {(x["from_doc"], x["kind"]) for x in r["in"]}
    stub = refs_of(kb, "渝府发〔2000〕41号")
    assert stub["external"] and stub["in"][0]["kind"] == "废止"


def test_general_clause_recorded(kb: KB) -> None:
    # 人社部发〔2024〕72号 办法 第十四条 (8153): local 病退 policies 停止执行, no document named
    r = refs_of(kb, "人社部发〔2024〕72号")
    assert any("停止执行" in c["quote"] and c["lines"][0] == 8153 for c in r["clauses"])


def test_unknown_and_ambiguous(kb: KB) -> None:
    with pytest.raises(NotFound):
        status_of(kb, "完全不存在的文件名称甲乙丙")
    with pytest.raises(InputError):
        status_counts(kb, scope="nowhere")


def test_cites_pairing_and_kinds() -> None:
    text = (
        "根据《最低工资规定》(原劳动和社会保障部令第21号),决定调整。"
        "《甲乙办法》(渝人社发〔2018〕96号)同时废止。"
    )
    cs = find_cites(text)
    assert [(c.title, c.number) for c in cs] == [
        ("最低工资规定", "劳动保障部令第21号"),
        ("甲乙办法", "渝人社发〔2018〕96号"),
    ]
    assert [kind_of(text, c) for c in cs] == ["依据", "废止"]
    assert (cn_number("九十五"), cn_number("十三"), cn_number("三十一")) == (95, 13, 31)


def test_cli_status_json(kb: KB) -> None:
    from typer.testing import CliRunner

    from renshe.cli import app

    os.environ["RENSHE_DB"] = str(kb.path)
    runner = CliRunner()
    out = runner.invoke(app, ["status", "渝人社发（2019）130号", "--on", "2024-12-01", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert (data["status"], data["since"]) == ("已废止", "2024-11-19")
    bad = runner.invoke(app, ["status", "渝人社发〔2019〕130号", "--on", "2024-02-30", "--json"])
    assert bad.exit_code == 2 and json.loads(bad.stdout.splitlines()[0])["error"]["field"] == "on"
    refs = runner.invoke(app, ["refs", "中华人民共和国劳动保险条例", "--json"])
    assert refs.exit_code == 0 and json.loads(refs.stdout)["in"][0]["from_doc"] == "国务院令第777号"
