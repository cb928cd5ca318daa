from datetime import date

import pytest

from knowledge.dates import (
    BadDate,
    BadFinancialYear,
    PaperDate,
    financial_year_of,
    parse_financial_year,
)


@pytest.mark.parametrize(
    ("text", "precision", "first_day"),
    [
        ("2014", "year", date(2014, 1, 1)),
        ("2014-09", "month", date(2014, 9, 1)),
        ("2011-10-31", "day", date(2011, 10, 31)),
        ("2015-01-20T10:30", "minute", date(2015, 1, 20)),
    ],
)
def test_paper_date_keeps_printed_precision(text: str, precision: str, first_day: date) -> None:
    parsed = PaperDate.parse(text)
    assert parsed.precision == precision
    assert parsed.first_day() == first_day


@pytest.mark.parametrize("text", ["2014-13", "2014-13-45", "2014-02-30", "Sept 2014", ""])
def test_impossible_or_unreadable_dates_are_refused(text: str) -> None:
    with pytest.raises(BadDate):
        PaperDate.parse(text)


def test_month_only_date_displays_without_inventing_a_day() -> None:
    assert PaperDate.parse("2014-09").display() == "Sep 2014"
    assert PaperDate.parse("2011-10-31").display() == "31 Oct 2011"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014-15", "2014-15"),
        ("2014/15", "2014-15"),
        ("14/15", "2014-15"),
        ("2014-2015", "2014-15"),
        ("FY14-15", "2014-15"),
        ("2019/20", "2019-20"),
        ("1999-00", "1999-00"),
    ],
)
def test_financial_years_in_any_common_spelling(text: str, expected: str) -> None:
    assert parse_financial_year(text) == expected


@pytest.mark.parametrize("text", ["2014-17", "14/13", "2014"])
def test_financial_year_must_be_consecutive(text: str) -> None:
    with pytest.raises(BadFinancialYear):
        parse_financial_year(text)


def test_financial_year_turns_in_april() -> None:
    assert financial_year_of(date(2015, 3, 31)) == "2014-15"
    assert financial_year_of(date(2015, 4, 1)) == "2015-16"
