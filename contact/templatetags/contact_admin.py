"""The intake queue at a glance, for intake staff on the admin home page."""

from dataclasses import dataclass

from django import template
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from contact.models import OPEN_STATUSES, ContactRequest, Status

register = template.Library()


@dataclass
class QueueCount:
    label: str
    count: int
    url: str


@register.simple_tag
def intake_dashboard(user) -> list[QueueCount]:
    """Return the intake counts with links to the matching list, or nothing for people outside intake."""
    from contact.admin import is_intake

    if not is_intake(user):
        return []
    today = timezone.localdate()
    open_requests = Q(status__in=OPEN_STATUSES)
    counts = ContactRequest.objects.aggregate(
        new=Count("pk", filter=Q(status=Status.NEW)),
        urgent=Count("pk", filter=open_requests & Q(is_urgent=True)),
        unassigned=Count("pk", filter=open_requests & Q(owner__isnull=True)),
        today=Count("pk", filter=open_requests & Q(follow_up_on=today)),
        overdue=Count("pk", filter=open_requests & Q(follow_up_on__lt=today)),
    )
    base = reverse("admin:contact_contactrequest_changelist")
    return [
        QueueCount("New", counts["new"], f"{base}?status=new"),
        QueueCount("Urgent and open", counts["urgent"], f"{base}?status=open&is_urgent__exact=1"),
        QueueCount("Open and unassigned", counts["unassigned"], f"{base}?status=open&owner__isnull=True"),
        QueueCount("Follow-ups due today", counts["today"], f"{base}?follow_up=today"),
        QueueCount("Follow-ups overdue", counts["overdue"], f"{base}?follow_up=overdue"),
    ]
