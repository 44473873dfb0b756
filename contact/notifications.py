"""Tell intake staff that a request arrived: the mail itself is a task (contact/tasks.py)."""

from contact.tasks import send_new_request_mail
from jobs.delivery import enqueue


def notify_new_request(request_id: int) -> None:
    """Queue the staff mail about one new request, in the transaction that stores the request."""
    enqueue(send_new_request_mail, request_id)
