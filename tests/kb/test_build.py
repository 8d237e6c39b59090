"""The build is hermetic and reproducible, and first use cannot surprise (issue 11).

Each test builds in subprocesses or temporary files, so it sees what a user's second process
or a different hash seed sees, not the state of this one.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from renshe.build import build_database, ensure_database, is_current, read_meta
from renshe.corpus.source import SOURCE_SHA256
from renshe.errors import InputError, SetupError
from renshe.resources import read_bytes


def _hash(path: Path) -> str:
    return str(sqlite3.connect(path).execute("SELECT value FROM meta WHERE key='content_hash'").fetchone()[0])


def _build_in_subprocess(path: Path, seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "RENSHE_DB": str(path)}
    r = subprocess.run(
        [sys.executable, "-m", "renshe", "build", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    return _hash(path)


def test_content_hash_is_the_same_under_different_hash_seeds(tmp_path: Path, db_path: Path) -> None:
    a = _build_in_subprocess(tmp_path / "a.db", "1")
    b = _build_in_subprocess(tmp_path / "b.db", "4242")
    assert a == b == _hash(db_path)


def test_build_from_a_copy_of_the_shipped_text_gives_the_shipped_hash(tmp_path: Path, db_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(read_bytes("data", "compilation-2024.txt"))
    env = {**os.environ, "RENSHE_DB": str(tmp_path / "x.db")}
    r = subprocess.run(
        [sys.executable, "-m", "renshe", "build", "--source", str(copy), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert _hash(tmp_path / "x.db") == _hash(db_path)
    assert read_meta(tmp_path / "x.db")["source_origin"] == str(copy.resolve())  # type: ignore[index]


def test_a_database_built_from_a_custom_source_stays_current(tmp_path: Path) -> None:
    """A changed text (one line edited) gives its own file, which the next command keeps."""
    text = read_bytes("data", "compilation-2024.txt").decode("utf-8")
    edited = tmp_path / "edited.txt"
    edited.write_text(text.replace("重庆市", "重庆市", 1) + "\n", encoding="utf-8")
    from renshe.corpus.source import load_source

    src = load_source(edited)
    assert src.sha256 != SOURCE_SHA256
    db = tmp_path / "custom.db"
    build_database(db, src, origin=str(edited))
    mtime = db.stat().st_mtime_ns
    assert is_current(db) and is_current(db, src)
    ensure_database(db, quiet=True)
    assert db.stat().st_mtime_ns == mtime, "ensure_database must not replace a custom build"


def test_garbage_source_is_a_chinese_input_error(tmp_path: Path) -> None:
    from renshe.corpus.source import load_source

    junk = tmp_path / "passwd"
    junk.write_text("root:x:0:0:root:/root:/bin/bash\n" * 50, encoding="utf-8")
    with pytest.raises(InputError, match="源文本"):
        build_database(tmp_path / "j.db", load_source(junk), origin=str(junk))
    assert not list(tmp_path.glob(".j.db.*.tmp")), "a failed build leaves no temp file"
    r = subprocess.run(
        [sys.executable, "-m", "renshe", "build", "--source", str(junk)],
        env={**os.environ, "RENSHE_DB": str(tmp_path / "k.db")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "源文本" in r.stderr and "内部错误" not in r.stderr


def test_two_first_use_commands_at_once_build_once(tmp_path: Path) -> None:
    db = tmp_path / "race" / "renshe.db"
    env = {**os.environ, "RENSHE_DB": str(db)}
    cmd = [sys.executable, "-m", "renshe", "stats", "--json"]
    procs = [
        subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
    building = [e for _, e in outs if "正在构建知识库" in e]
    assert len(building) == 1, "exactly one process builds; the other waits for it"
    assert not [p for p in db.parent.iterdir() if p.name.endswith(".tmp")]


def test_unwritable_data_directory_gives_a_chinese_message(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o500)
    try:
        env = {k: v for k, v in os.environ.items() if k not in ("RENSHE_DB", "XDG_DATA_HOME")}
        env["HOME"] = str(home)
        if os.geteuid() == 0:  # root writes anywhere: point the data directory below a file instead
            blocker = tmp_path / "file"
            blocker.write_text("x")
            env["XDG_DATA_HOME"] = str(blocker / "sub")
        r = subprocess.run(
            [sys.executable, "-m", "renshe", "stats"], env=env, capture_output=True, text=True, timeout=120
        )
    finally:
        home.chmod(0o700)
    assert r.returncode == 1
    assert "RENSHE_DB" in r.stderr and "Traceback" not in r.stderr and "内部错误" not in r.stderr


def test_renshe_db_that_is_a_directory_is_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(SetupError, match="目录"):
        ensure_database(tmp_path)


def test_db_path_with_url_characters_opens_the_right_file(tmp_path: Path, db_path: Path) -> None:
    from renshe.kb import KB

    odd = tmp_path / "a#b?c" / "renshe.db"
    odd.parent.mkdir()
    odd.write_bytes(db_path.read_bytes())
    kb = KB.open(odd)
    try:
        assert kb.meta()["content_hash"] == _hash(db_path)
    finally:
        kb.close()
    assert sorted(p.name for p in odd.parent.iterdir()) == [".renshe.db.lock", "renshe.db"] or sorted(
        p.name for p in odd.parent.iterdir()
    ) == ["renshe.db"]
