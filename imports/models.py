"""What an import leaves behind: the report of each run, and what each imported item came from.

WordPress metadata lives here, beside the article it became, so the content
models stay unaware of where their text came from.
"""

from django.db import models
from django.urls import reverse

from articles.models import Article
from editorial.models import Contributor


class ImportRun(models.Model):
    """One import: from the browser (upload, dry run, import on the worker) or ``import_wordpress``; its report."""

    class State(models.TextChoices):
        CHECKING = "checking", "Checking the file"
        REFUSED = "refused", "File refused"
        CHECKED = "checked", "Dry run ready"
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Importing"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Stopped by an error"

    source_name = models.CharField("file", max_length=255)
    site_url = models.CharField("WordPress site", max_length=255, blank=True)
    wxr_version = models.CharField("WXR version", max_length=10, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.FINISHED)
    # The uploaded export, under settings.WORDPRESS_IMPORT_ROOT (never served), kept until the import ends.
    export_name = models.CharField(max_length=100, blank=True)
    uploaded_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Progress on the worker: items read so far of the file's items, and when the worker last said so.
    total_items = models.PositiveIntegerField(default=0)
    done_items = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # The dry run: {"outcomes": {outcome: n}, "counts": {type: {status: n}}, "items": [{wp_id, post_type, status,
    # title, outcome, problems}]}.
    preview = models.JSONField(default=dict, blank=True)
    # Why the file was refused or the run stopped, in words an editor can act on.
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        "auth.User", null=True, on_delete=models.SET_NULL, related_name="+", help_text="Recorded as the drafts' editor."
    )
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField("skipped", default=0)
    comments_not_imported = models.PositiveIntegerField(default=0)
    # {post type: {WordPress status: number of items}}, for every item in the file.
    counts = models.JSONField(default=dict)
    # [{"wp_id", "post_type", "title", "reason"}]
    skipped = models.JSONField(default=list)
    # [{"file", "items": [wp_id, ...]}]
    missing_media = models.JSONField(default=list)
    # {shortcode name: times met}
    shortcodes = models.JSONField(default=dict)
    # [{"wp_id", "title", "notes": [...]}]: what the reviewer should look at, per item created or updated.
    attention = models.JSONField("needs attention", default=list)

    class Meta:
        ordering = ["-pk"]
        verbose_name = "WordPress import"

    def __str__(self):
        when = self.started_at or self.uploaded_at
        return f"{self.source_name} ({when:%Y-%m-%d %H:%M})" if when else self.source_name

    def admin_url(self) -> str:
        return reverse("admin:imports_importrun_change", args=[self.pk])

    def page_url(self) -> str:
        """The run's page in the browser import: its dry run, its progress, then its report."""
        return reverse("imports:run", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        """Whether the worker still has something to do, so the page keeps asking for news."""
        return self.state in (self.State.CHECKING, self.State.QUEUED, self.State.RUNNING)


class ImportedItem(models.Model):
    """A WordPress post or page and the article it became; the import's review queue sorts by these."""

    class PostType(models.TextChoices):
        POST = "post", "Post"
        PAGE = "page", "Page"

    class WordPressStatus(models.TextChoices):
        PUBLISH = "publish", "Published"
        DRAFT = "draft", "Draft"
        PENDING = "pending", "Pending review"
        PRIVATE = "private", "Private"
        FUTURE = "future", "Scheduled"

    site_url = models.CharField("WordPress site", max_length=255)
    wp_id = models.PositiveBigIntegerField("WordPress id")
    post_type = models.CharField(max_length=10, choices=PostType.choices)
    wp_status = models.CharField("WordPress status", max_length=10, choices=WordPressStatus.choices)
    title = models.CharField(max_length=300)
    original_url = models.URLField("original URL", max_length=500, blank=True)
    old_path = models.CharField(
        max_length=500, blank=True, db_index=True, help_text="Redirected to the article once it is published."
    )
    wp_published_at = models.DateTimeField("published on WordPress", null=True, blank=True)
    wp_modified_at = models.DateTimeField("modified on WordPress", null=True, blank=True)
    wp_author = models.CharField("WordPress author", max_length=100, blank=True)
    categories = models.JSONField(default=list, blank=True)
    tags = models.TextField(blank=True, help_text="WordPress tags, one per line.")
    needs_attention = models.JSONField(default=list, blank=True)
    images_without_alt = models.PositiveIntegerField(default=0)
    article = models.OneToOneField(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="wordpress_import"
    )
    # What the import last produced, to tell an unchanged export (nothing to do) from an edit made here.
    source_fingerprint = models.CharField(max_length=64)
    draft_fingerprint = models.CharField(max_length=64, blank=True)
    last_run = models.ForeignKey(ImportRun, null=True, on_delete=models.SET_NULL, related_name="items")
    imported_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-wp_modified_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["site_url", "wp_id"], name="unique_wordpress_item")]
        indexes = [models.Index(fields=["wp_status", "wp_published_at"])]

    def __str__(self):
        return self.title or f"WordPress {self.post_type} {self.wp_id}"


class ImportedMedia(models.Model):
    """A file copied from wp-content/uploads, so a second import reuses it instead of copying it again."""

    site_url = models.CharField(max_length=255)
    source_path = models.CharField(max_length=500, help_text="Path under wp-content/uploads.")
    stored_name = models.CharField(max_length=500, help_text="Name in the site's media storage.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site_url", "source_path"], name="unique_imported_media")]
        verbose_name_plural = "imported media"

    def __str__(self):
        return self.source_path


class ImportedAuthor(models.Model):
    """A WordPress author and the contributor it became, matched again by login or e-mail."""

    site_url = models.CharField(max_length=255)
    login = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site_url", "login"], name="unique_imported_author")]

    def __str__(self):
        return self.login
