"""Dates and times as councils print them."""

import datetime as dt

import pytest

from store.ingest.dates import parse_date, parse_time, strip_weekday


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Thursday, 10th December, 2015", "2015-12-10"),
        ("Tuesday, 2nd March, 2021 at 2.00 pm", "2021-03-02"),
        ("Tuesday 27 June 2017", "2017-06-27"),
        ("held on 5 October 2015", "2015-10-05"),
        ("on 1st of April 2016", "2016-04-01"),
        ("3 Sept 2019", "2019-09-03"),
        ("December 10th, 2015", "2015-12-10"),
        ("04/10/2018", "2018-10-04"),
        ("04/10/18 - Cabinet", "2018-10-04"),
        ("21.01.2020", "2020-01-21"),
        ("31 February 2021, then 1 March 2021", "2021-03-01"),
    ],
)
def test_dates(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text",
    ["", "Quarter 4 2016/17", "77/21", "317.674", "£5m in 2015", "31/02/2021", "13/13/2013"],
)
def test_not_dates(text):
    assert parse_date(text) is None


def test_dates_without_a_year_need_the_meeting_they_follow():
    assert parse_date("27 June at 2pm") is None
    assert parse_date("27 June at 2pm", after=dt.date(2017, 3, 7)) == "2017-06-27"
    assert parse_date("12 January", after=dt.date(2020, 12, 1)) == "2021-01-12"
    assert parse_date("29 February", after=dt.date(2021, 3, 1)) == "2024-02-29"


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("at 10.00 am in", "10:00"),
        ("2.00 pm", "14:00"),
        ("2pm", "14:00"),
        ("2.00pm,", "14:00"),
        ("9.00 am", "09:00"),
        ("6.30 p.m.", "18:30"),
        ("12.15 pm", "12:15"),
        ("12 am", "00:00"),
        ("12 noon", "12:00"),
        ("starting 14:30", "14:30"),
        ("not 13 pm but 1 pm", "13:00"),
    ],
)
def test_times(text, clock):
    found = parse_time(text)
    assert found is not None and found[0] == clock


@pytest.mark.parametrize("text", ["", "13 pm", "Quarter 2", "10.75 am"])
def test_not_times(text):
    assert parse_time(text) is None


def test_strip_weekday():
    assert strip_weekday("Example Committee - Tuesday, ") == "Example Committee -"
    assert strip_weekday("Example Committee -") == "Example Committee -"
