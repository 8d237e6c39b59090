"""Issue 14: the 条例 articles printed in 附件2 of 失业保险金申领发放办法 are provisions of their own,
人社部发〔2024〕76号's 施行 sentence is its 结语, and the ids the parser used to give keep working."""

from __future__ import annotations

from renshe.kb import KB
from renshe.resources import data_text, load_yaml
from renshe.rules.params import cite
from renshe.validity.resolve import provision, resolve

ANNEX = "失业保险金申领发放办法/附件2"
REG14 = f"{ANNEX}/《失业保险条例》第十四条"
REG15 = f"{ANNEX}/《失业保险条例》第十五条"
LABOR32 = f"{ANNEX}/《中华人民共和国劳动法》第三十二条"


def test_annex2_articles_are_their_own_provisions(kb: KB) -> None:
    """Source lines 8875, 8881, 8889: three articles, each with its own items."""
    rows = {
        r["id"]: r
        for r in kb.conn.execute(
            "SELECT id, kind, text, line_start, line_end FROM provisions WHERE id LIKE ?", (f"{ANNEX}/%",)
        )
    }
    assert rows[LABOR32]["line_start"] == 8875 and rows[LABOR32]["kind"] == "article"
    assert rows[REG14]["line_start"] == 8881
    assert rows[REG15]["line_start"] == 8889
    assert rows[REG14]["text"].startswith("《失业保险条例》第十四条 具备下列条件的失业人员")
    assert (
        rows[f"{REG14}/(一)"]["text"]
        == "(一)按照规定参加失业保险,所在单位和本人已按照规定履行缴费义务满1年的;"
    )
    assert (
        rows[f"{REG14}/第二款"]["text"] == "失业人员在领取失业保险金期间,按照规定同时享受其他失业保险待遇。"
    )
    assert rows[f"{REG15}/(七)"]["text"] == "(七)有法律、行政法规规定的其他情形的。"
    # 劳动法 第三十二条(三) no longer carries the 条例's heading
    assert rows[f"{LABOR32}/(三)"]["text"] == "(三)用人单位未按照劳动合同约定支付劳动报酬或者提供劳动条件的。"
    assert "失业保险条例" not in rows[f"{LABOR32}/(三)"]["text"]


def test_76_closing_paragraph(kb: KB) -> None:
    """Line 8092: the notice's period is its closing paragraph, not item 六 (which ends at 8090)."""
    closing = kb.show("人社部发〔2024〕76号/结语")
    assert closing["text"].startswith("本通知自2025年1月1日起开始施行,执行至2039年12月31日。")
    item6 = kb.show("人社部发〔2024〕76号/六")
    assert "2039" not in item6["text"]


def test_old_ids_resolve_to_the_provision_now_holding_their_text(kb: KB) -> None:
    aliases = load_yaml(data_text("provision_aliases.yaml"))["aliases"]
    assert len(aliases) == 13
    for old, new in aliases.items():
        assert resolve(kb, old).provision_id == new
        assert provision(kb, old)["id"] == new
    # the old id of 条例第十四条(一) was 附件2/(一)~2; in full-width brackets too
    assert provision(kb, f"{ANNEX}/（一）~2")["id"] == f"{REG14}/(一)"
    assert provision(kb, f"{ANNEX}/(四)")["text"] == "(四)享受基本养老保险待遇的;"


def test_unemployment_citations_quote_the_right_sentence(kb: KB) -> None:
    """条例第十四条/第十五条 and 劳动法第三十二条 are cited at the provisions that print them, and
    76号's period at its 结语: each quote is in the text of the provision cited."""
    expected = {
        "ui.reg14.contributions": f"{REG14}/(一)",
        "ui.reg14.registered": f"{REG14}/(三)",
        "ui.reg15.head": REG15,
        "ui.reg15.4": f"{REG15}/(四)",
        "ui.labor32.item1": f"{LABOR32}/(一)",
        "ui.n76.period": "人社部发〔2024〕76号/结语",
    }
    for key, pid in expected.items():
        c = cite(key)
        assert c.provision_id == pid, key
        assert c.quote in kb.show(pid)["text"].replace("\n", ""), key
    assert cite("ui.reg14.contributions").ref == "《失业保险金申领发放办法》附件2《失业保险条例》第十四条(一)"


def test_old_id_in_the_api_and_the_web(client) -> None:  # type: ignore[no-untyped-def]
    """`GET /api/provisions/{old id}` answers with the new provision; `/p/{old id}` redirects to it."""
    from urllib.parse import quote, unquote

    old = f"{ANNEX}/(一)~2"
    r = client.get("/api/provisions/" + quote(old))
    assert r.status_code == 200 and r.json()["id"] == f"{REG14}/(一)"
    r = client.get("/p/" + quote(old), follow_redirects=False)
    assert r.status_code == 307
    assert unquote(r.headers["location"]).endswith(f"#p-{REG14}/(一)")
