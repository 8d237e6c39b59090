"""The knowledge base and its CLI contract (issue 2 item 9)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from renshe.build import build_database
from renshe.cli import app
from renshe.errors import InputError, NotFound
from renshe.kb import KB

runner = CliRunner()


def cli_json(*args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = runner.invoke(app, [*args, "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_stats_counts(kb: KB) -> None:
    s = kb.stats()
    assert s["documents"] == 136
    assert s["toc_total"] == s["toc_matched"] == 136
    assert s["provisions"] > 2500 and s["tables"] > 40 and s["table_rows"] > 3000
    assert s["findings"] > 20 and s["references"] > 100


@pytest.mark.parametrize(
    "ref",
    [
        "渝人社发〔2024〕16号",
        "渝人社发[2024]16号",
        "渝人社发（2024）16号",
        "渝人社发 (2024) 16 号",
        "渝人社发〔２０２４〕１６号",
        "重庆市人力资源和社会保障局 重庆市财政局关于2024年调整退休人员基本养老金",
    ],
)
def test_resolve_variants(kb: KB, ref: str) -> None:
    assert kb.resolve(ref) == "渝人社发〔2024〕16号"


def test_resolve_orders_and_keys(kb: KB) -> None:
    assert kb.resolve("国务院令 第795号") == "国务院令第795号"
    assert kb.resolve("中华人民共和国国务院令第772号") == "国务院令第772号"
    assert kb.resolve("延迟退休决定") == "延迟退休决定"
    assert kb.resolve("实施渐进式延迟法定退休年龄的决定") == "延迟退休决定"


def test_ambiguous_and_unknown(kb: KB) -> None:
    with pytest.raises(InputError) as err:
        kb.resolve("养老金")
    assert "多个文档" in err.value.message
    with pytest.raises(NotFound):
        kb.resolve("渝人社发〔1999〕1号")
    with pytest.raises(InputError):
        kb.resolve("  ")


def test_doc_json_contract(db_path: Path) -> None:
    code, d = cli_json("doc", "渝人社发[2024]16号")
    assert code == 0
    for key in (
        "id",
        "doc_number",
        "title",
        "issuers",
        "signed_on",
        "effective_from",
        "effective_until",
        "category",
        "subcategory",
        "lines",
        "outline",
        "tables",
    ):
        assert key in d
    assert d["doc_number"] == "渝人社发〔2024〕16号"
    labels = [o["label"] for o in d["outline"]]
    # the notice's own outline: 一、调整范围 (一)企业退休人员 1. 2. 3. … 三、(三)适当倾斜 1.(1)(2)(3)
    assert labels[:6] == ["导语", "一、", "(一)", "1.", "2.", "3."]
    ids = [o["id"] for o in d["outline"]]
    assert "渝人社发〔2024〕16号/三/(二)/2" in ids
    assert "渝人社发〔2024〕16号/三/(三)/1/(2)" in ids


def test_show_provision_text_is_clean(db_path: Path) -> None:
    code, p = cli_json("show", "渝人社发〔2024〕16号/三/(二)/2")
    assert code == 0
    assert (
        p["text"] == "2.退休人员以本人2023年12月基本养老金为基数,每人每月增加0.6%。"
        "计算结果按照四舍五入保留小数点后两位。"
    )
    assert p["lines"][0] == 8246 and p["raw_text"].startswith("2.退休人员")
    for key in ("id", "doc_id", "label", "path", "text", "raw_text", "lines"):
        assert key in p


def test_page_break_joined(kb: KB) -> None:
    """Lines 561/563: "…距法定退休年龄不足一年的人" / blank / "员,领取失业保险金…" is one sentence."""
    p = kb.provision("延迟退休决定/国务院关于渐进式延迟法定退休年龄的办法/第七条")
    assert p is not None
    assert "不足一年的人员,领取失业保险金年限延长至法定退休年龄" in p["text"]


def test_table_command(db_path: Path) -> None:
    code, t = cli_json("table", "延迟退休决定/表1")
    assert code == 0
    assert t["title"] == "男职工延迟法定退休年龄对照表"
    assert len(t["rows"]) == 144
    code, err = cli_json("table", "没有/表9")
    assert code == 2 and err["error"]["code"] == "not_found"


def test_cli_errors_exit_2_with_chinese_message(db_path: Path) -> None:
    result = runner.invoke(app, ["doc", "养老金", "--json"])
    assert result.exit_code == 2
    err = json.loads(result.stdout)["error"]
    assert err["field"] == "ref" and "多个文档" in err["message"]
    result = runner.invoke(app, ["show", "不存在/第一条"])
    assert result.exit_code == 2 and "找不到条款" in result.stderr


def test_findings_command(db_path: Path) -> None:
    code, f = cli_json("findings")
    assert code == 0 and f["total"] == len(f["findings"]) > 0
    kinds = {x["kind"] for x in f["findings"]}
    assert {"toc_title_differs", "garbled", "count_mismatch"} <= kinds
    garbled = [x for x in f["findings"] if x["kind"] == "garbled" and x["lines"][0] == 1328]
    assert garbled, "the magazine header pasted into 第四条 of 实施弹性退休制度暂行办法 (line 1328)"


def test_docs_category_filter(db_path: Path) -> None:
    code, d = cli_json("docs", "--category", "工伤保险")
    assert code == 0 and d["total"] == 4
    code, err = cli_json("docs", "--category", "不存在的分类")
    assert code == 2 and "可选分类" in err["error"]["message"]


def test_rebuild_is_deterministic(tmp_path: Path, db_path: Path) -> None:
    again = build_database(tmp_path / "again.db")
    first = sqlite3.connect(db_path).execute("SELECT value FROM meta WHERE key='content_hash'").fetchone()[0]
    assert again["content_hash"] == first


def test_kb_is_read_only(kb: KB) -> None:
    with pytest.raises(sqlite3.OperationalError):
        kb.conn.execute("DELETE FROM documents")


def test_usage_errors_are_chinese_and_exit_2(db_path: Path) -> None:
    """Typer's own usage errors (missing argument, unknown option, bad number) go through main()."""
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "renshe", *args], capture_output=True, text=True, timeout=120
        )

    r = run("doc")
    assert r.returncode == 2 and "缺少参数 ref" in r.stderr and "Traceback" not in r.stderr
    r = run("search", "工伤", "--limit", "abc", "--json")
    assert r.returncode == 2
    assert json.loads(r.stdout)["error"] == {
        "code": "usage",
        "message": "参数 limit 的值无效:应为整数",
        "field": "limit",
    }
    r = run("docs", "--categry", "x")
    assert r.returncode == 2 and "--category" in r.stderr
    r = run("nosuch")
    assert r.returncode == 2 and "没有命令" in r.stderr
