from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django_ckeditor_5.fields import CKEditor5Field

from editorial.links import slug_url
from editorial.models import (
    Contributor,
    ReviewedContent,
    SearchDocumentIndex,
    Source,
    fill_slug,
    takeaway_lines,
    translation_constraints,
)
from library.legacy import NOT_READY, upgrade_image_field


class Topic(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        fill_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:topic", self.slug)


class Article(ReviewedContent):
    search_title_fields = ("title",)
    draft_fields = (
        "title",
        "slug",
        "summary",
        "key_takeaways",
        "body",
        "hero_image",
        "topic",
        "meta_description",
    )
    draft_m2m = ("authors", "conditions")

    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=200, unique=True, help_text="The last part of the page address.")
    summary = models.TextField(
        max_length=600, help_text="Two or three plain sentences shown under the title and in lists."
    )
    key_takeaways = models.TextField(
        blank=True,
        help_text="Three to five short points shown in a box above the text, one per line.",
    )
    body = CKEditor5Field(blank=True)
    hero_image = models.ForeignKey(
        "library.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="article_heroes",
        help_text="Chosen from the media library, where its alt text, credit and licence are kept.",
    )
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    authors = models.ManyToManyField(
        Contributor, blank=True, related_name="articles", limit_choices_to={"is_writer": True}
    )
    conditions = models.ManyToManyField(
        "conditions.Condition", blank=True, related_name="articles", verbose_name="related conditions"
    )
    meta_description = models.CharField(
        max_length=160, blank=True, help_text="What search engines show under the title; the summary is used if empty."
    )

    class Meta:
        ordering = ["-last_published_at", "-pk"]
        indexes = [
            models.Index(fields=["live_status", "-last_published_at"]),
            # Related articles: the newest live ones on a topic by first publication, read in order, stopped at a few.
            models.Index(fields=["topic", "live_status", "-first_published_at"], name="articles_topic_newest"),
            SearchDocumentIndex(fields=["search_document"], name="articles_search_document_gin"),
        ]
        constraints = translation_constraints("article")

    def __str__(self):
        return self.title

    def clean(self):
        if self.hero_image and not self.hero_image.ready:
            raise ValidationError({"hero_image": NOT_READY})

    def get_absolute_url(self):
        # A translation's address is under its own language's prefix, whatever language is active.
        with translation.override(self.address_language):
            return slug_url("articles:detail", self.slug)

    @property
    def takeaways(self) -> list[str]:
        return takeaway_lines(self.key_takeaways)

    @classmethod
    def upgrade_snapshot(cls, snapshot: dict) -> dict:
        return upgrade_image_field(snapshot, "hero_image", "hero_image_alt")

    @property
    def title_text(self) -> str:
        return self.title


class ArticleSource(Source):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")

    class Meta(Source.Meta):
        verbose_name = "source"
