"""Workflow notifications: each transition queues its mail, in the transaction that makes the change.

The mail itself is sent by the worker (editorial/tasks.py), so an editor never waits for a mail server
and a failing one never undoes a transition. A publish or unpublish also queues the warming of the
pages it changed (website/tasks.py).
"""

from editorial.models import ReviewEvent
from editorial.tasks import RECIPIENTS, send_workflow_mail
from jobs.delivery import enqueue
from website.tasks import warm_pages_of

# Transitions that change what visitors see.
CHANGES_PUBLIC_PAGES = {ReviewEvent.Action.PUBLISH, ReviewEvent.Action.UNPUBLISH}


def notify(event: ReviewEvent) -> None:
    """Queue the mail for this transition, and the cache warming when it changed public pages."""
    if event.action in RECIPIENTS:
        enqueue(send_workflow_mail, event.pk)
    if event.action in CHANGES_PUBLIC_PAGES:
        warm_pages_of(event.content_object)
