"""Dates on public pages, as people read them and as machines do."""

import datetime
import functools

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def time_element(value) -> str:
    """Render a date or datetime as <time datetime="2024-05-01">May 1, 2024</time>, in the site's time zone.

    The same output as the date filter with "Y-m-d" and day_format(), converting the time zone once instead of twice.
    """
    if not value:
        return ""
    day = timezone.localdate(value) if isinstance(value, datetime.datetime) else value
    return _day_element(day, get_language())


@functools.lru_cache(maxsize=4096)
def _day_element(day: datetime.date, language: str) -> str:
    # Formatting a date is most of this tag's cost and a page lists many (a card each); a day and the
    # language (which names the month) decide the result, so each process formats a day once.
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), format_date(day, day_format(language)))


def day_format(language: str) -> str:
    """Return how a day is written: "May 1, 2024" in English, each other language its locale's ("1 de mayo de 2024")."""
    return "F j, Y" if language == settings.LANGUAGE_CODE else get_format("DATE_FORMAT", language)
