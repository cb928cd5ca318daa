from datetime import date

import pytest

from knowledge.dates import (
    BadDate,
    BadFinancialYear,
    PaperDate,
    financial_year_of,
    last_day,
    parse_financial_year,
)


@pytest.mark.parametrize(
    ("text", "precision", "first_day"),
    [
        ("2014", "year", date(2014, 1, 1)),
        ("2014-09", "month", date(2014, 9, 1)),
        ("2015-spring", "season", date(2015, 3, 1)),
        ("2012-summer", "season", date(2012, 6, 1)),
        ("2011-10-31", "day", date(2011, 10, 31)),
        ("2015-01-20T10:30", "minute", date(2015, 1, 20)),
    ],
)
def test_paper_date_keeps_printed_precision(text: str, precision: str, first_day: date) -> None:
    parsed = PaperDate.parse(text)
    assert parsed.precision == precision
    assert parsed.first_day() == first_day


@pytest.mark.parametrize(
    "text", ["2014-13", "2014-13-45", "2014-02-30", "Sept 2014", "", "2015-winter", "2015-Spring"]
)
def test_impossible_or_unreadable_dates_are_refused(text: str) -> None:
    with pytest.raises(BadDate):
        PaperDate.parse(text)


def test_month_only_date_displays_without_inventing_a_day() -> None:
    assert PaperDate.parse("2014-09").display() == "Sep 2014"
    assert PaperDate.parse("2011-10-31").display() == "31 Oct 2011"


def test_a_season_reads_as_the_paper_says_it_and_spans_its_three_months() -> None:
    spring = PaperDate.parse("2015-spring")
    assert spring.display() == "spring 2015"
    assert not spring.exact_day and not spring.exact_month
    assert last_day(spring) == date(2015, 5, 31)
    assert last_day(PaperDate.parse("2014-autumn")) == date(2014, 11, 30)


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
