"""Dates on public pages, as people read them and as machines do."""

import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def time_element(value) -> str:
    """Render a date or datetime as <time datetime="2024-05-01">May 1, 2024</time>, in the site's time zone.

    The same output as the date filter with "Y-m-d" and "F j, Y", converting the time zone once instead of twice.
    """
    if not value:
        return ""
    day = timezone.localdate(value) if isinstance(value, datetime.datetime) else value
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), format_date(day, "F j, Y"))
