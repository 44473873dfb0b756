"""Review comments on a page's working draft: staff and outside reviewers say what to fix, and where.

A comment is about one part of the draft (its ``target``: the title, the summary, a body section, a
source, or the page as a whole), may have replies, and stays open until someone resolves it. It keeps
the fingerprint of the draft it was written on and the number of the last published revision, so the
history says which version it was about. Comments are staff records: no public view ever reads them.
docs/architecture.md, "Review comments", says why.
"""

import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify

from editorial.models import ReviewedContent, Revision, model_field
from editorial.roles import EDITORS, MEDICAL_REVIEWERS, WRITERS, in_group

WHOLE_PAGE = ""
SECTION_HEADING = re.compile(r"<h2[^>]*>(.*?)</h2>", re.IGNORECASE | re.DOTALL)


class CommentQuerySet(models.QuerySet):
    def for_page(self, page: ReviewedContent):
        return self.filter(content_type=ContentType.objects.get_for_model(type(page)), object_id=page.pk)

    def open(self):
        return self.filter(resolved_at__isnull=True)

    def threads(self):
        """Return the comments that start a thread (not replies)."""
        return self.filter(parent__isnull=True)


class Comment(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    target = models.CharField(max_length=160, blank=True, help_text="The part of the draft this is about.")
    target_label = models.CharField(max_length=200, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(max_length=4000)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    guest_name = models.CharField(
        max_length=100, blank=True, help_text="Name given by an outside reviewer commenting through a share link."
    )
    draft_fingerprint = models.CharField(max_length=64, blank=True)
    revision_number = models.PositiveIntegerField(
        default=0, help_text="The last published revision when the comment was written (0: never published)."
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "resolved_at"])]

    def __str__(self):
        return f"Comment by {self.author} on {self.target_label or 'the page'}"

    @property
    def author(self) -> str:
        if self.user:
            return self.user.get_full_name() or self.user.get_username()
        return f"{self.guest_name} (outside reviewer)" if self.guest_name else "someone"

    @property
    def anchor(self) -> str:
        return "comments-" + (slugify(self.target.replace(":", "-")) or "page")

    def quoted(self) -> str:
        """Return the comment as one line of a request-changes note."""
        return f"- [{self.target_label or 'Whole page'}] {self.author}: {Truncator(self.text).chars(300)}"


def targets(page: ReviewedContent) -> list[tuple[str, str]]:
    """Return (key, label) for each part of the page's working draft a comment can be about."""
    snapshot = page.draft or page.snapshot()
    title_field = model_field(page, page.search_title_fields[0])
    choices = [(WHOLE_PAGE, "The page as a whole"), (title_field.name, str(title_field.verbose_name).capitalize())]
    if "summary" in snapshot["fields"]:
        choices.append(("summary", "Summary"))
    for heading in SECTION_HEADING.findall(snapshot["fields"].get("body") or ""):
        text = strip_tags(heading).strip()
        if text:
            choices.append((f"section:{slugify(text)[:100]}", f"Section “{Truncator(text).chars(80)}”"))
    for number, source in enumerate(snapshot["sources"], start=1):
        choices.append((f"source:{number}", f"Source {number}: {Truncator(source['title']).chars(80)}"))
    return list(dict.fromkeys(choices))


def may_comment(page: ReviewedContent, user) -> bool:
    """Return whether this staff member may comment on, reply to and resolve comments on the page."""
    opts = page._meta
    return bool(
        any(in_group(user, group) for group in (WRITERS, MEDICAL_REVIEWERS, EDITORS))
        and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
    )


def add_comment(
    page: ReviewedContent, *, text: str, target: str = WHOLE_PAGE, user=None, guest_name: str = "", parent=None
) -> Comment:
    """Store a comment (or a reply to ``parent``) on the page's current working draft."""
    if parent is not None:
        target, label = parent.target, parent.target_label
    else:
        labels = dict(targets(page))
        target = target if target in labels else WHOLE_PAGE
        label = labels[target] if target != WHOLE_PAGE else ""
    revisions = Revision.objects.filter(content_type=page.content_type, object_id=page.pk)
    return Comment.objects.create(
        content_type=page.content_type,
        object_id=page.pk,
        target=target,
        target_label=label,
        parent=parent,
        text=text.strip(),
        user=user if user and user.is_authenticated else None,
        guest_name=guest_name.strip(),
        draft_fingerprint=page.draft_fingerprint,
        revision_number=revisions.aggregate(models.Max("number"))["number__max"] or 0,
    )


def resolve(comment: Comment, *, user) -> Comment:
    """Mark a thread resolved (its replies with it): it leaves the open list and the queue count."""
    now = timezone.now()
    thread = comment.parent or comment
    Comment.objects.filter(models.Q(pk=thread.pk) | models.Q(parent=thread), resolved_at__isnull=True).update(
        resolved_at=now, resolved_by=user
    )
    thread.refresh_from_db()
    return thread


def open_threads(page: ReviewedContent) -> list[tuple[int, str]]:
    """Return the page's open comment threads as (id, label) choices, for the request-changes form."""
    return [(comment.pk, comment.quoted()[2:]) for comment in Comment.objects.for_page(page).open().threads()]


def quoted_open(page: ReviewedContent, ids: list[int]) -> list[str]:
    """Return the page's open comments among ``ids``, each quoted for the request-changes note."""
    return [comment.quoted() for comment in Comment.objects.for_page(page).open().filter(pk__in=ids)]


def open_counts(pages: list[ReviewedContent]) -> dict[tuple[int, int], int]:
    """Return, by (content type id, page id), how many comment threads are open on these pages, in one query.

    The pages may be of several models: one query whatever their number or kinds (the admin home's cards).
    """
    where = models.Q(pk__in=[])
    for model in {type(page) for page in pages}:
        ids = [page.pk for page in pages if type(page) is model]
        where |= models.Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    rows = Comment.objects.threads().open().filter(where).values("content_type", "object_id")
    return {(row["content_type"], row["object_id"]): row["count"] for row in rows.annotate(count=models.Count("pk"))}
