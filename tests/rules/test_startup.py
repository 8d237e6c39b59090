"""Start-up support rules (issue 20): the 11号 interest-subsidy cycle computed by the rule equals
the procedures catalogue's entries for the same limits (one law, two places that state it)."""

from __future__ import annotations

from renshe.procedures import compute, find
from renshe.rules.registry import get_rule


def test_subsidy_cycle_equals_the_procedures_catalogue() -> None:
    doc = get_rule("guarantee-loan-subsidy").run(
        {"principal": "300000", "rate": "3.60", "start": "2025-01-01", "term_months": 36}
    )
    for row in doc["result"]["quarters"][:8]:
        claim = compute(find("guarantee-loan-interest"), row["last_day"], {}).deadline
        assert row["claim_by"] == claim
        review = compute(find("guarantee-loan-interest-review"), claim, {}).deadline
        assert row["review_by"] == review
        assert row["credit_by"] == compute(find("guarantee-loan-interest-credit"), review, {}).deadline


def test_overdue_quarter_gets_nothing_and_the_rest_is_paid() -> None:
    base = {"principal": "300000", "rate": "3.60", "start": "2025-01-01", "term_months": 12}
    paid = get_rule("guarantee-loan-subsidy").run(base)["result"]["total"]
    late = get_rule("guarantee-loan-subsidy").run({**base, "overdue_quarters": "2025Q2"})["result"]
    assert paid == "5400.00"
    assert late["total"] == "4050.00"
    assert [q["subsidy"] for q in late["quarters"]] == ["1350.00", "0.00", "1350.00", "1350.00"]
