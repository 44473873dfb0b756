"""Template tags for the editorial admin pages."""

from django import template
from django.contrib.auth.models import User

from editorial import dashboard

register = template.Library()


@register.simple_tag
def dashboard_cards(user: User) -> list[dashboard.Card]:
    """Return this person's cards for the admin home page (only signed-in staff reach it)."""
    return dashboard.cards_for(user)
