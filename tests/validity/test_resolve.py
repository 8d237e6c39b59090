"""One resolver: `doc`, `show`, `status`, `refs` (and search's document filter) name the same thing."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from typer.testing import CliRunner

from renshe.errors import NotFound
from renshe.kb import KB
from renshe.validity.graph import refs_of
from renshe.validity.resolve import document, provision, resolve
from renshe.validity.status import status_of


def _variants(number: str) -> list[str]:
    """A canonical 文号 as people also type it: square or round brackets, spaces."""
    out = [number]
    if "〔" in number:
        out += [number.replace("〔", "[").replace("〕", "]"), number.replace("〔", "(").replace("〕", ")")]
        out.append(number.replace("〔", " 〔 ").replace("〕", "〕 "))
    return out


def test_every_alias_resolves_the_same_way_in_every_command(kb: KB) -> None:
    aliases: dict[str, set[str]] = {}
    for alias, doc_id in kb.conn.execute("SELECT alias, doc_id FROM v_aliases"):
        aliases.setdefault(str(alias), set()).add(str(doc_id))
    for alias, doc_id in kb.conn.execute("SELECT alias, doc_id FROM doc_aliases"):
        aliases.setdefault(str(alias), set()).add(str(doc_id))
    checked = 0
    for alias, ids in sorted(aliases.items()):
        if len(ids) != 1 or "/" in alias:
            continue  # an ambiguous title key is answered with the candidates, not a pick
        (want,) = ids
        forms = _variants(alias) if re.fullmatch(r"[^〔〕]+〔\d{4}〕\d+号", alias) else [alias]
        for form in forms:
            got = resolve(kb, form).doc_id
            assert got == want, (form, got, want)
            assert status_of(kb, form)["doc_id"] == want
            assert refs_of(kb, form)["doc_id"] == want
            assert document(kb, form)["id"] == want
            checked += 1
    assert checked > 1500  # every 文号, id and title key of the 136 documents and the 920 cited ones


def test_documents_known_by_an_earlier_number_and_external_texts(kb: KB) -> None:
    # 劳动保障部令第8号: the 失业保险金申领发放办法's number before its revisions
    # (status knew it, doc did not)
    d = document(kb, "劳动保障部令第8号")
    assert d["id"] == "失业保险金申领发放办法" and d["in_compilation"] is True
    # 国务院令第258号 is held as an external text; the compilation cites it as 《失业保险条例》
    for ref in ("国务院令第258号", "失业保险条例"):
        d = document(kb, ref)
        assert d["in_compilation"] is False and d["doc_number"] == "国务院令第258号"
        assert {"id": "国务院令第258号/第十七条", "label": "第十七条"} in d["external_provisions"]
        assert "失业保险金申领发放办法" in d["cited_by"]
        assert status_of(kb, ref)["doc_id"] == d["id"]
    assert provision(kb, "失业保险条例/第十七条")["id"] == "国务院令第258号/第十七条"


@pytest.mark.parametrize(
    "ref",
    ["渝人社发〔2024〕16号/三/(二)/2", "渝人社发[2024]16号/三/（二）/2", "渝人社发(2024)16号/三/(二)/2"],
)
def test_provision_ids_in_any_bracket_form(kb: KB, ref: str) -> None:
    assert provision(kb, ref)["id"] == "渝人社发〔2024〕16号/三/(二)/2"
    assert resolve(kb, ref).provision_id == "渝人社发〔2024〕16号/三/(二)/2"


def test_not_found_is_one_message(kb: KB) -> None:
    with pytest.raises(NotFound):
        resolve(kb, "渝人社发〔2099〕1号")
    with pytest.raises(NotFound, match="找不到条款"):
        resolve(kb, "渝人社发〔2024〕16号/九十九")


def _cli(*args: str) -> tuple[int, Any]:
    from renshe.cli import make_app

    r = CliRunner().invoke(make_app(), [*args, "--json"])
    return r.exit_code, json.loads(r.stdout)


def test_cli_commands_agree(db_path: object) -> None:
    for ref in ("劳动保障部令第8号", "国务院令第258号", "渝人社发[2024]16号"):
        results = {cmd: _cli(cmd, ref) for cmd in ("doc", "status", "refs")}
        assert {code for code, _ in results.values()} == {0}, (ref, results)
        ids = {results["doc"][1]["id"], results["status"][1]["doc_id"], results["refs"][1]["doc_id"]}
        assert len(ids) == 1, (ref, ids)
