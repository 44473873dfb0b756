"""Template tags for the editorial admin pages."""

from django import template

from editorial import dashboard

register = template.Library()


@register.simple_tag
def dashboard_cards(user) -> list[dashboard.Card]:
    """Return this person's cards for the admin home page."""
    return dashboard.cards_for(user)
