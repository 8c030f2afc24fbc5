"""sabt.analysis.chart: the interval chart and the sentence for a report."""

from __future__ import annotations

from sabt.analysis.chart import ChartRow, interval_chart, report_sentence


def test_chart_draws_one_bar_and_interval_per_row() -> None:
    svg = interval_chart(
        [ChartRow("Bazarak", 40, 61.0, 50.0, 80.0), ChartRow("Khenj", 10, 14, 11, 20)]
    )
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert svg.count("<rect") == 2
    assert svg.count("<line") == 2
    assert "<title>40</title>" in svg


def test_chart_escapes_labels() -> None:
    svg = interval_chart([ChartRow("<b>x</b>", 1, 2, 1, 3)])
    assert "&lt;b&gt;x&lt;/b&gt;" in svg


def test_sentence_gives_range_and_documented() -> None:
    text = report_sentence(
        lower=9404, upper=14095, documented=1896, act="killed", method="dga"
    )
    assert text == (
        "Between 9,404 and 14,095 people were killed (95% interval, dga);"
        " 1,896 are documented by name."
    )
