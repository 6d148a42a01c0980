"""Title keys: periods, dates and filler out; weighted comparison."""


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.topics.normalise import (
    MAX_TITLE,
    containment,
    is_boilerplate_heading,
    looks_standing,
    slug,
    title_key,
    title_score,
)


@pytest.mark.parametrize(
    ("title", "key", "removed"),
    [
        (
            "Quarterly Corporate Performance Monitoring Report - Quarter 2 2015/16",
            "quarterly corporate performance monitoring",
            {"quarter", "year"},
        ),
        (
            "Quarterly Corporate Performance Monitoring Report – Quarter 4 2016/17 "
            "(Appendices 'A' and 'B' refer)",
            "quarterly corporate performance monitoring",
            {"quarter", "year"},
        ),
        (
            "Corporate Strategy Monitoring report - Quarters 2 and 3 2020/21 Performance Update",
            "corporate strategy monitoring performance",
            {"quarter", "year"},
        ),
        (
            "Report to the Cabinet Committee on Performance Improvement – Quarterly Corporate "
            "Performance -Quarter 3 2016/17 Report",
            "quarterly corporate performance",
            {"quarter", "year"},
        ),
        (
            "Update on a Finding of the Local Government Ombudsman - August 2015",
            "finding local government ombudsman",
            {"date"},
        ),
        ("Minutes of the Meeting held on 5th October 2015", "minute meeting held", {"date"}),
        ("Risk Register Q4 Report", "risk register", {"quarter"}),
        ("Investment Performance Report - Quarter ending 31 March 2015", "investment performance", {"quarter", "date"}),
        ("Children's Services Half-Year Review", "children service review", {"quarter"}),
        ("Update", "", set()),
        ("Report", "", set()),
    ],
)
def test_title_keys_drop_periods_dates_and_filler(title, key, removed):
    found = title_key(title)
    assert found.text == key
    assert found.removed == removed


def test_case_references_stay_as_one_word():
    key = title_key("Preston: Application No. RCC/2010/0071 - Extension of the existing quarry")
    assert key.words == ("preston", "application", "rcc20100071", "extension", "existing", "quarry")


def test_numbered_things_keep_their_number():
    assert title_key("Diversion of Footpath No. 12, Chorley").words == ("diversion", "footpath", "no12", "chorley")
    assert title_score(title_key("Footpath No. 12, Chorley"), title_key("Footpath No. 14, Chorley"))[0] <= 50


def test_plurals_and_possessives_fold():
    assert title_key("Libraries and Highways").words == ("library", "highway")
    assert title_key("Children's Services").words == ("children", "service")


def test_titles_of_one_series_score_100():
    a = title_key("Quarterly Corporate Performance Monitoring Report - Quarter 2 2015/16")
    b = title_key("Quarterly Corporate Performance Monitoring Report Quarter 1 2018/19")
    assert title_score(a, b)[0] == 100


def test_spelling_variants_match():
    score, shared = title_score(
        title_key("Organisation Development Programme"), title_key("Organization Development Program")
    )
    assert score == 100
    assert shared == ["organisation", "development", "programme"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("BTLS Lancashire Services Limited Service Governance and Performance Monitoring Report",
         "Quarterly Corporate Performance Monitoring Report"),
        ("Corporate Human Resources - Health Check Report", "Quarterly Corporate Performance Monitoring Report"),
        ("Performance Report - Adult Services", "Performance Report - Waste Services"),
        ("Highways Report", "Libraries Report"),
    ],
)
def test_generic_words_alone_do_not_make_titles_alike(a, b):
    assert title_score(title_key(a), title_key(b))[0] < 55


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Wildlife and Countryside Act 1981 - Definitive Map Modification Order Investigation - "
            "Addition of Footpath from Moor Lane to Station Road, Clitheroe",
            "Wildlife and Countryside Act 1981 - Definitive Map Modification Order Investigation - "
            "Addition of Footpath from Moor Lane to Station Road, Hyndburn",
        ),
        ("Lancashire Enterprise Partnership Update", "Lancashire Skills Partnership Update"),
        ("Care Homes", "Home Care"),
        (
            "Preston: Application No. RCC/2010/0071 - Extension of the existing quarry",
            "Preston: Application No. RCC/2012/0032 - Extension of the existing quarry",
        ),
        ("Care Home Market Sustainability", "Home Care Framework"),
    ],
)
def test_alike_titles_that_name_different_things_stay_below_support(a, b):
    assert title_score(title_key(a), title_key(b))[0] <= 50


@pytest.mark.parametrize(
    ("a", "b", "least"),
    [
        ("Quarterly Corporate Performance Monitoring Report", "Corporate Strategy Monitoring report", 55),
        ("Work Plan", "Scrutiny Work Programme", 55),
        ("Customer Access Performance Report", "Customer Access Service Performance Update", 80),
        ("Risk Register", "Corporate Risk Register", 80),
    ],
)
def test_drifting_titles_of_one_topic_stay_alike(a, b, least):
    assert title_score(title_key(a), title_key(b))[0] >= least


def test_empty_keys_share_nothing():
    assert title_score(title_key("Update"), title_key("Update")) == (0.0, [])


def test_a_heading_is_contained_in_a_longer_title():
    inspection = title_key(
        "Report on the 2015 Ofsted Inspection of Services for Children in Need of Help and "
        "Protection, Children Looked After and Care Leavers"
    )
    assert containment(title_key("Ofsted Post Inspection Update"), inspection) == 100
    assert containment(title_key("Customer Access Service"), title_key("Customer Access Performance Report")) == 100
    assert containment(title_key("Highways"), title_key("Highways Maintenance")) == 100


def test_one_shared_word_of_a_longer_title_is_not_containment():
    health_check = title_key("Corporate Human Resources - Health Check Report")
    assert containment(title_key("Public Health"), health_check) == 0
    assert containment(title_key("Performance Summary"), title_key("Quarterly Performance Summary")) == 0


@pytest.mark.parametrize(
    "title",
    [
        "Apologies for Absence",
        "Disclosure of Pecuniary and Non-Pecuniary Interests",
        "Declarations of Interest",
        "Minutes of the Meeting held on 5 October 2015",
        "Minutes of the last meeting",
        "Urgent Business",
        "Date of Next Meeting",
        "Exclusion of the Press and Public",
    ],
)
def test_standing_titles_are_recognised(title):
    assert looks_standing(title)


@pytest.mark.parametrize("title", ["Customer Access Performance Report", "Minutes Secretary Review"])
def test_substantive_titles_are_not_standing(title):
    assert not looks_standing(title)


@pytest.mark.parametrize(
    ("heading", "boilerplate"),
    [
        ("Executive Summary", True),
        ("Background and Advice", True),
        ("Risk management", True),
        ("List of Background Papers", True),
        ("APPENDIX A", True),
        ("Local Government (Access to Information) Act 1985", True),
        ("Ofsted Post Inspection Update", False),
        ("Customer Access Service", False),
    ],
)
def test_standard_report_sections_are_boilerplate(heading, boilerplate):
    assert is_boilerplate_heading(heading) is boilerplate


def test_slugs_are_readable_and_short():
    assert slug(title_key("Customer Access Performance Report"), "") == "t-customer-access-performance"
    long = slug(title_key("Report on the 2015 Ofsted Inspection of Services for Children in Need"), "")
    assert long.startswith("t-ofsted-inspection") and len(long) <= 50
    assert slug(title_key("Update"), "Update") == "t-update"
    assert slug(title_key("2015"), "") == "t-topic"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_title_gives_a_key_of_single_words(title):
    """(How fast a key is made is measured by the benchmarks, not here.)"""
    key = title_key(title)
    assert all(word and " " not in word for word in key.words)


def test_a_huge_title_is_cut():
    key = title_key("Highways " + "a" * 1_000_000)
    assert key.words[0] == "highway"
    assert len(key.text) <= MAX_TITLE
