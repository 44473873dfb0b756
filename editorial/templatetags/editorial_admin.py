"""Template tags for the editorial admin pages."""

from django import template

from editorial import queues

register = template.Library()


@register.simple_tag
def review_dashboard(user) -> list[queues.Queue]:
    """Return the review queues for the admin index page."""
    return queues.dashboard(user)
