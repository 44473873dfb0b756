"""The one filter every address that comes from content (a source's URL) passes through before a template links it."""

from django import template

from editorial.richtext import is_safe_link

register = template.Library()


@register.filter
def safe_url(url) -> str:
    """Return the address when rich text would allow it as a link (http(s), mailto, tel, /path, #id), else ""."""
    return url if isinstance(url, str) and is_safe_link(url) else ""
