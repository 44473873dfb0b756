"""Template tags for the editorial admin pages."""

from django import template

from editorial import queues
from editorial.roles import AnyUser

register = template.Library()


@register.simple_tag
def review_dashboard(user: AnyUser) -> list[queues.Queue]:
    """Return the review queues for the admin index page."""
    return queues.dashboard(user)
