"""Share links' housekeeping, run by the worker's scheduler (jobs/schedule.py)."""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from editorial.tasks import admin_url
from jobs.delivery import mail_each, retried
from sharing.models import ShareLink, ShareLinkUse


@task()
def forget_old_addresses() -> int:
    """Blank the address of share-link uses older than SHARE_LINK_ADDRESS_DAYS (daily); return how many.

    An address says who opened a draft, which matters while a link could still be misused (30 days at most);
    after that it is personal data kept for nothing. The use itself (when, what it got) stays for the record.
    """
    before = timezone.now() - datetime.timedelta(days=settings.SHARE_LINK_ADDRESS_DAYS)
    return ShareLinkUse.objects.filter(at__lt=before).exclude(address=None).update(address=None)


@task()
def mail_outside_comment(link_id: int, comment_id: int, attempt: int = 1) -> None:
    """Tell whoever made the share link, and whoever last edited the draft, that an outside reviewer commented.

    The mail names the page and links to its change page; the comment, the commenter's name and address stay
    in the admin, where only staff who may see the page read them.
    """
    description = f"Outside comment mail, comment #{comment_id}"
    with retried(mail_outside_comment, link_id, comment_id, attempt=attempt, description=description):
        link = ShareLink.objects.select_related("created_by", "content_type").filter(pk=link_id).first()
        page = link.content_object if link else None
        if link is None or page is None:
            return  # the page was deleted before the mail went
        people = [link.created_by, page.draft_updated_by]
        context = {"link": link, "page": page, "kind": page._meta.verbose_name, "admin_url": admin_url(page)}
        mail_each(people, "sharing/email/outside_comment", context, key=f"outside-comment:{comment_id}")
