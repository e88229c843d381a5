"""``{{ moment|time_ago }}`` (kb/when.py): the same markup the templates wrote out by hand."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template import engines
from django.utils import timezone

BY_HAND = (
    '<time datetime="{{ moment|date:\'c\' }}" title="{{ moment }}">{{ moment|naturaltime }}</time>'
)


def render(source, moment):
    return engines["django"].from_string(source).render({"moment": moment})


@pytest.mark.parametrize(
    "moment",
    [
        timezone.now() - timedelta(minutes=3),
        timezone.now() - timedelta(days=400),
        datetime(2024, 2, 29, 23, 59, 1, 123456, tzinfo=UTC),
    ],
)
def test_it_writes_what_the_templates_wrote_by_hand(moment, settings):
    settings.TIME_ZONE = "Europe/Paris"  # a moment near midnight UTC is the next day there
    by_hand = render("{% load humanize %}" + BY_HAND, moment)

    assert render("{% load when %}{{ moment|time_ago }}", moment) == by_hand


def test_nothing_for_no_moment():
    assert render("{% load when %}{{ moment|time_ago }}", None) == ""
