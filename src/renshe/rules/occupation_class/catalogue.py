"""The 2024 training catalogue (渝人社办〔2024〕78号) and institution directory (渝人社办〔2024〕121号).

Why a shipped CSV and not the knowledge base: the rules layer must answer without the SQLite
database (`renshe calc` does not open it). The two CSV files next to this module are derived from
the shipped source text by `extract_catalogue` / `extract_institutions` below; a test re-extracts
them from `data/compilation-2024.txt` and compares, and checks the counts the 备注 states
(390 = 274 + 97 + 18 + 1). Regenerate with `python -m renshe.rules.occupation_class.catalogue`.

Matching a caseworker can trust: exact names and codes first; a 工种 not listed falls back to its
职业 (备注 2) only when that 职业 is given; a weak name match lists candidates and decides nothing.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from renshe.resources import data_text, read_text

CATALOGUE_HEADER = "序号\t职业编码/专项编码\t培训项目\t类型"
DIRECTORY_HEADER = "序号\t机构名称\t统一社会信用代码\t机构代码\t地址"
CLASSES = ("A", "A+", "B", "C")
Kind = Literal["national", "special", "featured", "programme"]
KIND_TEXT: dict[str, str] = {
    "national": "国家标准职业(工种)",
    "special": "专项职业能力",
    "featured": "特色工种",
    "programme": "专门项目",
}
_NOTE = re.compile(
    r"国家标准职业\(工种\)(\d+)个\((\d+)号—(\d+)号\).*?专项职业能力(\d+)个\((\d+)号—(\d+)号.*?"
    r"特色工种(\d+)个\((\d+)号—(\d+)号\).*?专门项目(\d+)个\((\d+)号\)"
)
_DASHES = re.compile(r"[-‐‑‒–—―－]+")


@dataclass(frozen=True)
class Occupation:
    """One row of the 78号 catalogue: 序号, code (职业编码 or 专项编码, may be empty), name, class."""

    seq: int
    code: str
    name: str
    cls: str
    kind: str
    line: int

    @property
    def label(self) -> str:
        code = f" {self.code}" if self.code else ""
        return f"第{self.seq}号{code} {self.name}({self.cls}类)"


@dataclass(frozen=True)
class Institution:
    """One row of the 121号 directory; codes with the source's stray spaces removed."""

    seq: int
    name: str
    credit_code: str
    code: str
    address: str
    line: int


@dataclass(frozen=True)
class Catalogue:
    rows: tuple[Occupation, ...]
    counts: dict[str, int]  # kind → count stated in 备注 1
    ranges: dict[str, tuple[int, int]]  # kind → (first 序号, last 序号) stated in 备注 1


def norm_name(s: str) -> str:
    """NFKC (full-width brackets and letters), no spaces: how names are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def norm_code(s: str) -> str:
    """Any dash (—, -, －) → '-', no spaces; '6—30—05—01' and '6-30-05-01' are one code."""
    return _DASHES.sub("-", norm_name(s))


def looks_like_code(s: str) -> bool:
    c = norm_code(s)
    return bool(re.fullmatch(r"\d+(-\d+)+", c) or re.fullmatch(r"\d{10,}", c))


# --- extraction from the source text ----------------------------------------------------


def extract_catalogue(text: str) -> Catalogue:
    """The catalogue rows and the 备注 counts, from the compilation text."""
    lines = text.split("\n")
    header = next(i for i, ln in enumerate(lines) if ln.strip() == CATALOGUE_HEADER)
    note_at = next(i for i in range(header, len(lines)) if lines[i].startswith("备注"))
    note = "".join(lines[note_at : note_at + 4])
    m = _NOTE.search(note)
    if m is None:
        raise ValueError("渝人社办〔2024〕78号 备注 1 not found")
    g = [int(x) for x in m.groups()]
    counts = {"national": g[0], "special": g[3], "featured": g[6], "programme": g[9]}
    ranges = {
        "national": (g[1], g[2]),
        "special": (g[4], g[5]),
        "featured": (g[7], g[8]),
        "programme": (g[10], g[10]),
    }
    rows: list[Occupation] = []
    for i in range(header + 1, note_at):
        parts = lines[i].split("\t")
        if len(parts) != 4 or not parts[0].strip().isdigit():
            continue
        seq = int(parts[0])
        kind = next(k for k, (a, b) in ranges.items() if a <= seq <= b)
        rows.append(Occupation(seq, parts[1].strip(), parts[2].strip(), parts[3].strip(), kind, i + 1))
    return Catalogue(tuple(rows), counts, ranges)


def extract_institutions(text: str) -> tuple[Institution, ...]:
    """The directory rows (序号, name, credit code, institution code, address)."""
    lines = text.split("\n")
    header = next(i for i, ln in enumerate(lines) if ln.strip() == DIRECTORY_HEADER)
    out: list[Institution] = []
    for i in range(header + 1, len(lines)):
        parts = lines[i].split("\t")
        if len(parts) != 5 or not parts[0].strip().isdigit():
            if lines[i].strip():
                break
            continue
        seq, name, credit, code, address = (p.strip() for p in parts)
        out.append(
            Institution(int(seq), name, re.sub(r"\s+", "", credit), re.sub(r"\s+", "", code), address, i + 1)
        )
    return tuple(out)


# --- the shipped CSV files ----------------------------------------------------------------

CATALOGUE_CSV = "catalogue-2024.csv"
DIRECTORY_CSV = "institutions-2024.csv"
_CAT_FIELDS = ["seq", "code", "name", "cls", "kind", "line"]
_DIR_FIELDS = ["seq", "name", "credit_code", "code", "address", "line"]


def catalogue_csv(cat: Catalogue) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["#counts", *(f"{k}={v}" for k, v in cat.counts.items())])
    w.writerow(["#ranges", *(f"{k}={a}-{b}" for k, (a, b) in cat.ranges.items())])
    w.writerow(_CAT_FIELDS)
    for r in cat.rows:
        w.writerow([r.seq, r.code, r.name, r.cls, r.kind, r.line])
    return buf.getvalue()


def institutions_csv(rows: tuple[Institution, ...]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(_DIR_FIELDS)
    for r in rows:
        w.writerow([r.seq, r.name, r.credit_code, r.code, r.address, r.line])
    return buf.getvalue()


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The shipped catalogue (read once per process)."""
    rows = list(csv.reader(io.StringIO(read_text("rules", "occupation_class", CATALOGUE_CSV))))
    counts = {k: int(v) for k, v in (x.split("=") for x in rows[0][1:])}
    ranges: dict[str, tuple[int, int]] = {}
    for x in rows[1][1:]:
        k, v = x.split("=")
        a, b = v.split("-")
        ranges[k] = (int(a), int(b))
    occ = tuple(Occupation(int(r[0]), r[1], r[2], r[3], r[4], int(r[5])) for r in rows[3:])
    return Catalogue(occ, counts, ranges)


@lru_cache(maxsize=1)
def institutions() -> tuple[Institution, ...]:
    rows = list(csv.reader(io.StringIO(read_text("rules", "occupation_class", DIRECTORY_CSV))))
    return tuple(Institution(int(r[0]), r[1], r[2], r[3], r[4], int(r[5])) for r in rows[1:])


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, Occupation], dict[str, list[Occupation]]]:
    by_name = {norm_name(r.name): r for r in catalogue().rows}
    by_code: dict[str, list[Occupation]] = {}
    for r in catalogue().rows:
        if r.code:
            by_code.setdefault(norm_code(r.code), []).append(r)
    return by_name, by_code


def mixed_codes() -> dict[str, list[Occupation]]:
    """Codes whose rows (a 职业 and its 工种) carry different classes."""
    _, by_code = _indexes()
    return {c: rs for c, rs in by_code.items() if len({r.cls for r in rs}) > 1}


# --- lookup ---------------------------------------------------------------------------------

Status = Literal["name", "code", "parent", "not_listed", "ambiguous", "weak"]


@dataclass
class Lookup:
    """The answer for one query: the class when decided, the row(s) it rests on, candidates."""

    query: str
    status: Status
    cls: str | None
    entry: Occupation | None = None
    rows: list[Occupation] = field(default_factory=list)  # rows the class rests on (code match)
    candidates: list[Occupation] = field(default_factory=list)  # listed, not picked
    siblings: list[Occupation] = field(default_factory=list)  # same code, another class (flag)
    via: Lookup | None = None  # the parent lookup (备注 2 fallback)


def _siblings(row: Occupation) -> list[Occupation]:
    if not row.code:
        return []
    _, by_code = _indexes()
    return [r for r in by_code.get(norm_code(row.code), []) if r.cls != row.cls]


def _by_code(query: str) -> Lookup:
    _, by_code = _indexes()
    code = norm_code(query)
    rows = by_code.get(code, [])
    if not rows and code.count("-") > 3:  # a 工种 code under a listed 职业 (备注 2)
        head = "-".join(code.split("-")[:4])
        parent = by_code.get(head, [])
        if parent:
            inner = _decide_rows(head, parent)
            return Lookup(
                query,
                "parent" if inner.cls else "ambiguous",
                inner.cls,
                inner.entry,
                inner.rows,
                inner.candidates,
                inner.siblings,
                inner,
            )
    if not rows:
        return Lookup(query, "not_listed", "B")
    return _decide_rows(query, rows)


def _decide_rows(query: str, rows: list[Occupation]) -> Lookup:
    classes = {r.cls for r in rows}
    if len(classes) > 1:
        return Lookup(query, "ambiguous", None, candidates=list(rows))
    return Lookup(query, "code", rows[0].cls, rows[0] if len(rows) == 1 else None, list(rows))


def _weak(query: str) -> list[Occupation]:
    q = norm_name(query)
    by_name, _ = _indexes()
    hits = [r for n, r in by_name.items() if len(q) >= 2 and (q in n or (len(n) >= 2 and n in q))]
    close = difflib.get_close_matches(q, list(by_name), n=5, cutoff=0.7)
    for n in close:
        if by_name[n] not in hits:
            hits.append(by_name[n])
    return sorted(hits, key=lambda r: r.seq)[:10]


def lookup(query: str, parent: str | None = None, confirmed_not_listed: bool = False) -> Lookup:
    """Class of an occupation / 工种 / 专项 / 特色工种 by code or exact name.

    Order: a code (exact, or its 职业's code for a 工种 code); an exact name; the given 职业
    (`parent`, 备注 2); weak name matches are listed and decide nothing unless the caller
    confirms the item is not in the catalogue (then B, 二(一) 未纳入目录的按照B类执行)."""
    if looks_like_code(query):
        return _by_code(query)
    by_name, _ = _indexes()
    row = by_name.get(norm_name(query))
    if row is not None:
        return Lookup(query, "name", row.cls, row, [row], siblings=_siblings(row))
    if parent:
        up = lookup(parent)
        if up.status in ("name", "code", "parent"):
            return Lookup(query, "parent", up.cls, up.entry, up.rows, siblings=up.siblings, via=up)
        if up.status == "ambiguous":
            return Lookup(query, "ambiguous", None, candidates=up.candidates, via=up)
        # the 职业 given is not listed either
    candidates = [] if confirmed_not_listed else _weak(query)
    if candidates:
        return Lookup(query, "weak", None, candidates=candidates)
    return Lookup(query, "not_listed", "B")


def find_institution(query: str) -> list[Institution]:
    """Directory rows whose name, credit code or institution code equals the query (normalised)."""
    q = norm_name(query).upper()
    return [
        r for r in institutions() if q in (norm_name(r.name).upper(), r.credit_code.upper(), r.code.upper())
    ]


def main() -> None:  # pragma: no cover - regeneration tool
    """Write the two CSV files from the shipped source text (run after the text changes)."""
    from pathlib import Path

    text = data_text("compilation-2024.txt")
    here = Path(__file__).parent
    (here / CATALOGUE_CSV).write_text(catalogue_csv(extract_catalogue(text)), encoding="utf-8")
    (here / DIRECTORY_CSV).write_text(institutions_csv(extract_institutions(text)), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    main()
