"""Tags for the parts of a content page built from its body and people: outline, reading time, initials."""

from django import template

from website import outline as page_outlines

register = template.Library()


@register.simple_tag
def page_outline(page) -> page_outlines.Outline:
    """Return the page body's outline: the body with heading ids, the headings and the reading time."""
    return page_outlines.page_outline(page)


@register.filter
def initials(contributor) -> str:
    """Return up to two initials of a contributor's name, for a portrait placeholder."""
    return "".join(word[0] for word in contributor.name.split()[:2]).upper()
