"""The OpenFisca peer of the batch benchmark: the 2024 pension adjustment as OpenFisca variables.

Runs in its own venv (openfisca-core pins numpy): `/work/venvs/openfisca-bench/bin/python
benchmarks/batch/openfisca_peer.py IN.csv OUT.csv`. End to end like `renshe batch`: read the CSV
(polars, every column text), turn the columns into arrays, let OpenFisca compute the variables
(one vectorised formula per variable, the way OpenFisca models are written), write the CSV.
The figures are read from the rule's params.yaml (never retyped); the formula is the notice's
(渝人社发〔2024〕16号 一、三): fixed 28, 1.6 per started year (at least 15), 0.6 % rounded half up
to the cent, 15 for a listed remote district (not for 一(一)3), 15 for 1953 revolution work
(enterprise, not 一(一)3), the military cadre top-up, zero outside the scope. Like OpenFisca
models it takes clean codes only (no Chinese spellings, no per-row error messages): rows it
cannot read are simply not adjusted, which is less than renshe does per row.
Prints one JSON line: rows, seconds.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl
import yaml
from openfisca_core.entities import build_entity
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

RULES = Path(__file__).resolve().parents[2] / "src" / "renshe" / "rules"
PERIOD = "2024-01"


def figures() -> dict[str, object]:
    raw = yaml.safe_load((RULES / "pension_adjustment" / "params.yaml").read_text(encoding="utf-8"))
    out: dict[str, object] = {}
    for name, spec in raw["parameters"].items():
        out[name.removeprefix("pension_2024.")] = spec["values"][-1]["value"]
    return out


def district_names() -> dict[str, str]:
    raw = yaml.safe_load((RULES / "districts.yaml").read_text(encoding="utf-8"))
    items = raw["districts"] if isinstance(raw, dict) else raw
    out: dict[str, str] = {}
    for d in items:
        for s in [d["name"], d.get("short"), *(d.get("aliases") or [])]:
            if s:
                out[s] = d["name"]
    return out


F = figures()
FIXED = round(float(F["fixed"]) * 100)
PER_YEAR = round(float(F["per_year"]) * 100)
MIN_YEARS = int(F["min_years"])  # type: ignore[call-overload]
RATE = float(F["rate"])
TILT_REMOTE = round(float(F["tilt_remote"]) * 100)
TILT_REV = round(float(F["tilt_revolution"]) * 100)
REMOTE = {district_names().get(d, d) for d in F["remote_districts"]}  # type: ignore[attr-defined]
cut = str(F["cutoff"])
CUTOFF = int(cut[:4]) * 12 + int(cut[5:7]) - 1

Person = build_entity(key="person", plural="persons", label="退休人员", is_person=True)


def _var(name: str, kind: type, formula: object | None = None) -> type[Variable]:
    attrs: dict[str, object] = {"value_type": kind, "entity": Person, "definition_period": DateUnit.MONTH}
    if formula is not None:
        attrs["formula"] = formula
    return type(name, (Variable,), attrs)


INPUTS = {
    "enterprise": bool,
    "retired": int,
    "died": int,  # month index, -1 when alive
    "years": int,  # started years (ceil)
    "pension": int,  # cents
    "avg": int,  # cents, 0 when not given
    "remote": bool,
    "revolution": bool,
    "military": bool,
    "excluded": bool,
    "special": bool,
}


def eligible(p, period):  # type: ignore[no-untyped-def]
    died = p("died", period)
    return ~p("excluded", period) & (p("retired", period) <= CUTOFF) & ((died < 0) | (died > CUTOFF))


def tilts(p, period):  # type: ignore[no-untyped-def]
    return p("enterprise", period) & ~p("special", period)


def base(p, period):  # type: ignore[no-untyped-def]
    pension, avg = p("pension", period), p("avg", period)
    return np.where(p("military", period) & p("tilts", period) & (pension < avg), avg, pension)


def total_increase(p, period):  # type: ignore[no-untyped-def]
    b = p("base", period)
    linked_years = np.maximum(p("years", period), MIN_YEARS) * PER_YEAR
    linked_pension = np.floor(b * RATE + 0.5 + 1e-9).astype(np.int64)  # half up to the cent
    remote = np.where(p("remote", period) & ~p("special", period), TILT_REMOTE, 0)
    rev = np.where(p("revolution", period) & p("tilts", period), TILT_REV, 0)
    top_up = b - p("pension", period)
    total = FIXED + linked_years + linked_pension + remote + rev + top_up
    return np.where(p("eligible", period), total, 0)


def system() -> TaxBenefitSystem:
    tbs = TaxBenefitSystem([Person])
    for name, kind in INPUTS.items():
        tbs.add_variable(_var(name, kind))
    tbs.add_variable(_var("eligible", bool, eligible))
    tbs.add_variable(_var("tilts", bool, tilts))
    tbs.add_variable(_var("base", int, base))
    tbs.add_variable(_var("total_increase", int, total_increase))
    return tbs


def month_index(col: pl.Series) -> np.ndarray:
    y = col.str.slice(0, 4).cast(pl.Int64, strict=False)
    m = col.str.slice(5, 2).cast(pl.Int64, strict=False)
    return (y * 12 + m - 1).fill_null(-1).to_numpy()


def main(src: str, dst: str) -> None:
    started = time.perf_counter()
    df = pl.read_csv(src, infer_schema=False)
    names = district_names()
    district = df["district"].replace_strict(names, default=None)
    yes = ("true", "1", "是")
    arrays = {
        "enterprise": (df["retiree_type"] == "enterprise").fill_null(False).to_numpy(),
        "retired": month_index(df["retired_on"]),
        "died": month_index(df["died_on"]),
        "years": df["contribution_years"]
        .cast(pl.Float64, strict=False)
        .ceil()
        .fill_null(0)
        .cast(pl.Int64)
        .to_numpy(),
        "pension": (df["pension_2023_12"].cast(pl.Float64, strict=False) * 100)
        .round(0)
        .fill_null(0)
        .cast(pl.Int64)
        .to_numpy(),
        "avg": (df["average_pension_2023"].cast(pl.Float64, strict=False) * 100)
        .round(0)
        .fill_null(0)
        .cast(pl.Int64)
        .to_numpy(),
        "remote": district.is_in(list(REMOTE)).fill_null(False).to_numpy(),
        "revolution": df["revolution_before_1954"].is_in(yes).fill_null(False).to_numpy(),
        "military": df["military_cadre"].is_in(yes).fill_null(False).to_numpy(),
        "excluded": df["excluded_group"].is_not_null().to_numpy(),
        "special": df["special_group"].is_not_null().to_numpy(),
    }
    sim = SimulationBuilder().build_default_simulation(system(), count=df.height)
    for name, values in arrays.items():
        sim.set_input(name, PERIOD, values)
    cents = sim.calculate("total_increase", PERIOD).astype(np.int64)
    ok = sim.calculate("eligible", PERIOD)
    total = pl.Series("total_increase", cents)
    text = pl.concat_str(
        (total // 100).cast(pl.String), pl.lit("."), (total % 100 + 100).cast(pl.String).str.slice(1, 2)
    )
    df.with_columns(pl.Series("eligible", ok), text.alias("total_increase")).write_csv(dst)
    print(
        json.dumps(
            {
                "rows": df.height,
                "seconds": round(time.perf_counter() - started, 3),
                "sum_cents": int(cents.sum()),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
