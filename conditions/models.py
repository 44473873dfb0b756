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
    takeaway_lines,
    translation_constraints,
)
from library.legacy import NOT_READY, upgrade_image_field


class Condition(ReviewedContent):
    search_title_fields = ("name", "also_known_as")
    draft_fields = (
        "name",
        "slug",
        "also_known_as",
        "summary",
        "key_takeaways",
        "body",
        "hero_image",
        "meta_description",
    )
    draft_m2m = ("authors",)

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=200, unique=True, help_text="The last part of the page address.")
    also_known_as = models.CharField(
        max_length=300,
        blank=True,
        help_text='Other names and abbreviations, separated by commas, e.g. "IBD, Crohn\'s".',
    )
    summary = models.TextField(
        max_length=600, help_text="Two or three plain sentences shown under the name and in lists."
    )
    key_takeaways = models.TextField(
        blank=True,
        help_text="Three to five short points shown in a box above the text, one per line.",
    )
    body = CKEditor5Field(blank=True, help_text="Use Heading 2 for sections such as Symptoms, Causes and Treatment.")
    hero_image = models.ForeignKey(
        "library.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="condition_heroes",
        help_text="Chosen from the media library, where its alt text, credit and licence are kept.",
    )
    authors = models.ManyToManyField(
        Contributor, blank=True, related_name="conditions", limit_choices_to={"is_writer": True}
    )
    meta_description = models.CharField(
        max_length=160, blank=True, help_text="What search engines show under the name; the summary is used if empty."
    )

    class Meta:
        ordering = ["name"]
        indexes = [SearchDocumentIndex(fields=["search_document"], name="conditions_search_document_gin")]
        constraints = translation_constraints("condition")

    def __str__(self):
        return self.name

    def clean(self):
        if self.hero_image and not self.hero_image.ready:
            raise ValidationError({"hero_image": NOT_READY})

    def get_absolute_url(self):
        with translation.override(self.address_language):
            return slug_url("conditions:detail", self.slug)

    @classmethod
    def upgrade_snapshot(cls, snapshot: dict) -> dict:
        return upgrade_image_field(snapshot, "hero_image", "hero_image_alt")

    @property
    def title_text(self) -> str:
        return self.name

    @property
    def other_names(self) -> list[str]:
        return [name.strip() for name in self.also_known_as.split(",") if name.strip()]

    @property
    def takeaways(self) -> list[str]:
        return takeaway_lines(self.key_takeaways)

    @property
    def initial(self) -> str:
        return self.name[:1].upper()


class ConditionSource(Source):
    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="sources")

    class Meta(Source.Meta):
        verbose_name = "source"
