"""Periods as people type them: financial years in every spelling, months and ranges, dates
in ISO, UK (day first) and written forms, relative words; ASCII digits only."""

from __future__ import annotations

from datetime import date

import pytest

from commands.periods import leading_date, scan_periods

TODAY = date(2015, 6, 10)


@pytest.mark.parametrize(
    "text",
    ["2018-19", "2018/19", "18/19", "FY2018-19", "fy 18/19", "2018-2019", "2018 - 19", "FY18-19"],
)
def test_a_financial_year_in_any_common_spelling_reads_the_same(text: str) -> None:
    found = scan_periods(f"savings {text} please", TODAY)
    assert (
        found.years == ["2018-19"] and found.without(f"savings {text} please") == "savings please"
    )


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("milestones in june 2015", ("2015-06", "2015-06")),
        ("milestones jun 2015", ("2015-06", "2015-06")),
        ("milestones 2015-06", ("2015-06", "2015-06")),
        ("milestones 06/2015", ("2015-06", "2015-06")),
        ("jun-aug 2015 milestones", ("2015-06", "2015-08")),
        ("between April and June 2015", ("2015-04", "2015-06")),
        ("from nov 2014 to feb 2015", ("2014-11", "2015-02")),
        ("nov to feb 2015", ("2014-11", "2015-02")),  # a range ending after new year
        ("what is due this month", ("2015-06", "2015-06")),
        ("anything due next month", ("2015-07", "2015-07")),
        ("last quarter", ("2015-01", "2015-03")),
        ("what's due in june", ("2015-06", "2015-06")),
    ],
)
def test_months_and_month_ranges(text: str, months: tuple[str, str]) -> None:
    assert scan_periods(text, TODAY).months == months


@pytest.mark.parametrize(
    "text",
    ["2014-10-01", "1 Oct 2014", "1st October 2014", "October 1, 2014", "01/10/2014", "1/10/14"],
)
def test_a_day_in_iso_uk_or_written_form(text: str) -> None:
    assert scan_periods(f"phase on {text}", TODAY).days == [date(2014, 10, 1)]


def test_a_month_as_an_as_of_date_means_its_first_day() -> None:
    assert leading_date("Oct 2014 please") == (date(2014, 10, 1), 8)


@pytest.mark.parametrize("text", ["2014-17", "gap 1.6"])
def test_text_that_is_no_period_is_left_alone(text: str) -> None:
    found = scan_periods(text, TODAY)
    assert (found.years, found.days, found.months) == ([], [], None)
    assert found.without(text) == text


@pytest.mark.parametrize("text", ["2014-02-30", "31/02/2015"])
def test_an_impossible_date_is_no_day_and_no_month(text: str) -> None:
    found = scan_periods(f"phase on {text}", TODAY)
    assert (found.days, found.months, found.impossible) == ([], None, [text])


def test_only_ascii_digits_are_digits() -> None:
    found = scan_periods("savings ²⁰¹⁸-¹⁹ and ２０１８-１９", TODAY)
    assert found.years == [] and found.days == []


def test_this_financial_year_follows_today() -> None:
    assert scan_periods("savings this year", date(2015, 3, 31)).years == ["2014-15"]
    assert scan_periods("savings this year", date(2015, 4, 1)).years == ["2015-16"]
