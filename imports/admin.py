"""The import reports and the imported items' queue: read-only records of what an import did."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from accounts.admin import AuditRecordAdmin
from imports.models import ImportedItem, ImportRun


class ReadOnlyAdmin(AuditRecordAdmin):
    """Records written by the import command: people read them, only the command changes them."""

    class Media:
        css = {"all": ["imports/admin.css"]}


def table(caption: str, headers: tuple[str, ...], rows) -> str:
    """Return an accessible HTML table, every value escaped."""
    rows = list(rows)
    if not rows:
        return format_html("<p>None.</p>")
    head = format_html_join("", '<th scope="col">{}</th>', ((h,) for h in headers))
    body = format_html_join(
        "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows)
    )
    return format_html(
        '<table class="import-report"><caption>{}</caption><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
        caption,
        head,
        body,
    )


def notes_list(notes: list[str]) -> str:
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((note,) for note in notes)))


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "site_url", "state", "created", "updated", "unchanged", "skipped_count", "finished_at")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "source_name",
                    "site_url",
                    "wxr_version",
                    "state",
                    "error",
                    "started_by",
                    "started_at",
                    "finished_at",
                )
            },
        ),
        ("Articles", {"fields": ("created", "updated", "unchanged", "skipped_count", "comments_not_imported")}),
        (
            "Report",
            {
                "fields": ("counts_table", "skipped_table", "missing_media_table", "shortcodes_table"),
            },
        ),
        (
            "Needs attention",
            {
                "fields": ("attention_table",),
                "description": "What the reviewer should look at, also listed on each imported item. The Checks "
                "panel of each article blocks sending it for review while an image has no alt text.",
            },
        ),
    )

    @admin.display(description="items in the file, by type and WordPress status")
    def counts_table(self, run):
        rows = [(kind, status, n) for kind, statuses in sorted(run.counts.items()) for status, n in statuses.items()]
        return table("Items by type and status", ("type", "WordPress status", "items"), rows)

    @admin.display(description="skipped")
    def skipped_table(self, run):
        rows = ((s["post_type"], s["wp_id"], s["title"], s["reason"]) for s in run.skipped)
        return table("Skipped items", ("type", "WordPress id", "title", "reason"), rows)

    @admin.display(description="missing media")
    def missing_media_table(self, run):
        rows = ((m["file"], ", ".join(map(str, m["items"]))) for m in run.missing_media)
        return table("Files not found in the media folder", ("file", "used by WordPress ids"), rows)

    @admin.display(description="shortcodes met")
    def shortcodes_table(self, run):
        return table("Shortcodes", ("shortcode", "times"), ((f"[{name}]", n) for name, n in run.shortcodes.items()))

    @admin.display(description="items needing attention")
    def attention_table(self, run):
        items = {item.wp_id: item for item in run.items.only("wp_id", "article_id")}
        rows = ((self.article_link(items.get(a["wp_id"]), a["title"]), notes_list(a["notes"])) for a in run.attention)
        return table("Items needing attention", ("article", "what to check"), rows)

    def article_link(self, item, title: str):
        if item is None or item.article_id is None:
            return title
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:articles_article_change", args=[item.article_id]), title
        )


@admin.register(ImportedItem)
class ImportedItemAdmin(ReadOnlyAdmin):
    list_display = (
        "title",
        "post_type",
        "wp_status",
        "wp_published_at",
        "wp_modified_at",
        "review_state",
        "attention_count",
    )
    list_filter = ("post_type", "wp_status", "article__review_state", "article__live_status", "last_run")
    search_fields = ("title", "tags", "old_path", "wp_author")
    date_hierarchy = "wp_published_at"
    fields = (
        "article_link",
        "post_type",
        "wp_status",
        "original_url",
        "old_path",
        "wp_published_at",
        "wp_modified_at",
        "wp_author",
        "categories",
        "tags",
        "attention_list",
        "imported_at",
        "updated_at",
        "last_run",
    )

    def get_queryset(self, request):
        # The queue shows the article's state, not its text: leave the long columns in the database.
        article_text = ("article__body", "article__draft", "article__search_document", "article__summary")
        return super().get_queryset(request).select_related("article").defer(*article_text)

    @admin.display(description="medical review", ordering="article__review_state")
    def review_state(self, item):
        return item.article.get_review_state_display() if item.article else "Article deleted"

    @admin.display(description="needs attention")
    def attention_count(self, item):
        return len(item.needs_attention)

    @admin.display(description="article")
    def article_link(self, item):
        if item.article is None:
            return "Deleted on this site"
        url = reverse("admin:articles_article_change", args=[item.article.pk])
        return format_html('<a href="{}">{}</a> ({})', url, item.article.title, item.article.get_review_state_display())

    @admin.display(description="needs attention")
    def attention_list(self, item):
        if not item.needs_attention:
            return "Nothing."
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((note,) for note in item.needs_attention))
        )
