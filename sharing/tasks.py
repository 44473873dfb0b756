"""Share links' housekeeping, run by the worker's scheduler (jobs/schedule.py)."""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from sharing.models import ShareLinkUse


@task()
def forget_old_addresses() -> int:
    """Blank the address of share-link uses older than SHARE_LINK_ADDRESS_DAYS (daily); return how many.

    An address says who opened a draft, which matters while a link could still be misused (30 days at most);
    after that it is personal data kept for nothing. The use itself (when, what it got) stays for the record.
    """
    before = timezone.now() - datetime.timedelta(days=settings.SHARE_LINK_ADDRESS_DAYS)
    return ShareLinkUse.objects.filter(at__lt=before).exclude(address=None).update(address=None)
