"""Finance arithmetic: exact decimals, literal expectations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from knowledge.finance import agreement, cumulative, printed_precision
from knowledge.gap_lines import gap_by_period, gap_total
from knowledge.roi import benefit_cost_ratio, evaluate_roi, net_roi_percent, payback_period

D = Decimal


def test_gap_by_period_is_need_minus_have_with_a_total() -> None:
    lines = gap_by_period(
        {"2013-14": D(606), "2014-15": D(1256), "2015-16": D(1136)},
        {"2013-14": D(606), "2014-15": D(446)},
    )
    assert [(g.period, g.gap) for g in lines] == [
        ("2013-14", 0),
        ("2014-15", 810),
        ("2015-16", 1136),
    ]
    assert gap_total(lines).gap == 1946


@pytest.mark.parametrize(
    ("benefit", "cost", "ratio", "roi"),
    [
        (D("17.7"), D("5.5"), D("3.218"), D("221.8")),
        (D(490), D(190), D("2.579"), D("157.9")),
        (D(1), D(0), None, None),
    ],
)
def test_ratio_and_net_roi(
    benefit: Decimal, cost: Decimal, ratio: Decimal | None, roi: Decimal | None
) -> None:
    got_ratio, got_roi = benefit_cost_ratio(benefit, cost), net_roi_percent(benefit, cost)
    assert (got_ratio.quantize(D("0.001")) if got_ratio is not None else None) == ratio
    assert (got_roi.quantize(D("0.1")) if got_roi is not None else None) == roi


def test_payback_is_the_first_period_where_cumulative_net_reaches_zero() -> None:
    assert payback_period([("y1", D(-100)), ("y2", D(60)), ("y3", D(40))]) == "y3"
    assert payback_period([("y1", D(-100)), ("y2", D(60))]) is None
    assert cumulative([D(1), D(2), D(3)]) == [1, 3, 6]


@pytest.mark.parametrize(
    ("stated", "computed", "verdict"),
    [
        (D("3.2"), D("3.218"), "match"),
        (D("5.5"), D("5.127"), "mismatch"),
        (D("16.7"), D("16.784"), "rounding"),
        (D(4820), D(2895), "mismatch"),
        (D("1.3"), D("1.259"), "match"),
    ],
)
def test_agreement_at_the_printed_precision(
    stated: Decimal, computed: Decimal, verdict: str
) -> None:
    assert agreement(stated, computed, printed_precision(stated)) == verdict


def test_roi_counts_a_one_off_cost_up_front_and_drops_costs_past_the_horizon() -> None:
    kent = evaluate_roi(
        "target",
        [("2014-15", D(0)), ("2015-16", D(7600)), ("2016-17", D(16900))],
        [("up front", D(5500))],
    )
    assert kent.cost == 5500 and kent.payback == "2015-16"
    per_year = [("2017-18", D(330)), ("2018-19", D(160))]
    costs = [("2017-18", D(130)), ("2018-19", D(60))]
    assert evaluate_roi("as planned", per_year, costs).cost == 190
    assert evaluate_roi("as planned", per_year, costs, horizon=1).cost == 130


def test_a_year_of_return_is_a_full_years_benefit_per_pound_of_what_a_year_costs() -> None:
    """A one-off fee: the full-year saving per pound of the fee (Kent's 17.7 / 5.5). A running
    cost: the full-year benefit per pound of that year's cost (1.3's 490 / 190), never the
    largest single year against every year's cost added up."""
    kent = evaluate_roi(
        "target", [("2016-17", D(16900)), ("2017-18", D(17700))], [("up front", D(5500))]
    )
    assert kent.annual_ratio is not None and round(kent.annual_ratio, 2) == D("3.22")
    levels = [("2017-18", D(330)), ("2018-19", D(490)), ("2019-20", D(490))]
    running = [("2017-18", D(130)), ("2018-19", D(190)), ("2019-20", D(190))]
    fgc = evaluate_roi("as planned", levels, running)
    assert fgc.annual_ratio is not None and round(fgc.annual_ratio, 2) == D("2.58")
    assert (fgc.full_year_benefit, fgc.full_year_cost) == (D(490), D(190))
    assert fgc.cumulative_ratio == D(1310) / D(510)
