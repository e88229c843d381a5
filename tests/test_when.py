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


def test_an_older_moment_moves_on_with_the_minutes():
    import time_machine

    with time_machine.travel(datetime(2026, 3, 2, 12, 0, 0, tzinfo=UTC), tick=False) as clock:
        moment = timezone.now()
        clock.shift(10 * 60)
        assert ">10\xa0minutes ago<" in render("{% load when %}{{ moment|time_ago }}", moment)
        clock.shift(60)
        assert ">11\xa0minutes ago<" in render("{% load when %}{{ moment|time_ago }}", moment)
        clock.shift(2 * 24 * 3600)
        assert ">2\xa0days ago<" in render("{% load when %}{{ moment|time_ago }}", moment)
