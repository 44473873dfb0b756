"""Site pages (editorial policy, about, privacy, contact details) and the reusable blocks every page shows.

Both are reviewed content (editorial.models.ReviewedContent): staff edit a draft, it is reviewed and an
editor publishes it, exactly like an article. Who may approve depends on what the text claims:
``needs_medical_review`` (docs/architecture.md, "Site pages and blocks").
"""

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import CombinedExpression
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django_ckeditor_5.fields import CKEditor5Field

from editorial.models import SEARCH_CONFIG, ReviewedContent, Source, translation_constraints


class SitePage(ReviewedContent):
    """A trust page with a fixed address; the figures it states come from settings, not from its text."""

    class Kind(models.TextChoices):
        EDITORIAL_POLICY = "editorial-policy", "Editorial policy"
        ABOUT = "about", "About us"
        PRIVACY = "privacy", "Privacy"
        CONTACT_DETAILS = "contact-details", "Contact details"

    search_title_fields = ("title",)
    draft_fields = ("title", "summary", "body", "makes_medical_claims")
    prepublish_checks = False  # editorial.checks are for clinical pages with citations
    preview_url_name = "pages:sitepage_preview"

    kind = models.CharField(
        max_length=30,
        choices=Kind.choices,
        help_text="Which page this is; it decides the address and the facts shown beside the text.",
    )
    title = models.CharField(max_length=120)
    summary = models.TextField(max_length=600, help_text="One or two plain sentences shown under the title.")
    body = CKEditor5Field(blank=True)
    makes_medical_claims = models.BooleanField(
        default=True,
        help_text="Editors only. While the live page or its draft makes medical claims, a licensed medical "
        "reviewer must approve each change; otherwise an editor approves it.",
    )

    class Meta:
        ordering = ["kind", "language"]
        constraints = [
            # One page of each kind per language: its translations share its address under their prefix.
            models.UniqueConstraint(fields=["kind", "language"], name="sitepage_one_kind_per_language"),
            *translation_constraints("sitepage"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        with translation.override(self.address_language):
            return reverse(f"pages:{self.url_name}")

    @property
    def title_text(self) -> str:
        return self.title

    @property
    def slug(self) -> str:
        """The page's address is fixed by its kind (the workflow's slug checks read this)."""
        return self.kind

    @property
    def url_name(self) -> str:
        return self.kind.replace("-", "_")

    @property
    def needs_medical_review(self) -> bool:
        # The stricter of the live flag and the draft's: turning the flag off is itself medically reviewed.
        drafted = (self.draft or {}).get("fields", {}).get("makes_medical_claims", False)
        return bool(self.makes_medical_claims or drafted)

    @classmethod
    def medical_review_filter(cls) -> models.Q:
        return models.Q(makes_medical_claims=True) | models.Q(draft__fields__makes_medical_claims=True)


class SitePageSource(Source):
    page = models.ForeignKey(SitePage, on_delete=models.CASCADE, related_name="sources")

    class Meta(Source.Meta):
        verbose_name = "source"


class Block(ReviewedContent):
    """A piece of text every public page shows (disclaimer, call to action, crisis panel, header strip).

    Phone numbers come from settings and are placed by the templates around the text, so no block can
    lose the admissions number; the crisis texts must name 988.
    """

    class Kind(models.TextChoices):
        DISCLAIMER = "disclaimer", "Medical disclaimer"
        CONTACT_CTA = "contact_cta", "Admissions call to action"
        HELP_PANEL = "help_panel", "“Help is available now” crisis panel"
        HEADER_STRIP = "header_strip", "Header strip"

    # Medical text: a licensed medical reviewer approves it. The others are an editor's call.
    MEDICAL = (Kind.DISCLAIMER, Kind.HELP_PANEL)
    # Texts that must always give the crisis line.
    MUST_NAME_988 = (Kind.HELP_PANEL, Kind.HEADER_STRIP)

    search_title_fields = ("heading",)
    draft_fields = ("heading", "body")
    prepublish_checks = False
    preview_url_name = "pages:block_preview"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    heading = models.CharField(max_length=120, blank=True, help_text="Not shown in the header strip.")
    body = CKEditor5Field(
        help_text="Keep it short. Phone numbers and the contact button are added around this text from the "
        "site settings; do not type the admissions number here."
    )

    class Meta:
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="block_one_kind_per_language"),
            *translation_constraints("block"),
        ]

    def __str__(self):
        kind = self.get_kind_display()
        return f"{kind} ({self.language_name})" if self.is_translation else kind

    def clean(self):
        if self.kind in self.MUST_NAME_988 and "988" not in strip_tags(self.body or ""):
            raise ValidationError({"body": "This text must give the 988 crisis line (call or text 988)."})

    @property
    def title_text(self) -> str:
        return self.heading or self.get_kind_display()

    @property
    def slug(self) -> str:
        return self.kind

    @property
    def needs_medical_review(self) -> bool:
        return self.kind in self.MEDICAL

    @classmethod
    def medical_review_filter(cls) -> models.Q:
        return models.Q(kind__in=cls.MEDICAL)

    @classmethod
    def search_vector(cls, config: str = SEARCH_CONFIG) -> CombinedExpression:
        return SearchVector("heading", weight="A", config=config) + SearchVector("body", weight="C", config=config)


class BlockSource(Source):
    """Unused by the templates: every reviewed type has a sources table, which the draft snapshot includes."""

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="sources")

    class Meta(Source.Meta):
        verbose_name = "source"
