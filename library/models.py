"""The media library: images and patient documents with their provenance (docs/architecture.md, "Media library").

Pages choose pictures from here (a hero image, a contributor's portrait, images in the text) instead of
holding files of their own, so a picture's alt text, credit, source and licence are written once and every
page that shows it is known (``library.usage``).
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse

# Where a picture came from is a web page: http or https only, as for a page's sources.
source_url = URLValidator(schemes=["http", "https"], message="Enter a web address starting with https:// or http://.")


class Licence(models.TextChoices):
    OWN = "own", "Our own work (all rights reserved)"
    CC0 = "cc0", "CC0 (public domain dedication)"
    CC_BY = "cc-by", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa", "CC BY-SA 4.0"
    PUBLIC_DOMAIN = "public-domain", "Public domain (e.g. a US government work)"
    LICENSED = "licensed", "Licensed from a stock library"
    OTHER = "other", "Other (describe it)"


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Provenance(models.Model):
    """What every library item says about where it came from and who put it here."""

    title = models.CharField(max_length=200, help_text="What editors search for; not shown to readers.")
    credit = models.CharField(
        max_length=200, blank=True, help_text='Who made it, as it should be credited, e.g. "Illustration: A. Artist".'
    )
    source = models.URLField(
        max_length=500, blank=True, validators=[source_url], help_text="The page it came from, if not made here."
    )
    licence = models.CharField(max_length=20, choices=Licence.choices, default=Licence.OWN)
    licence_other = models.CharField(
        "other licence", max_length=200, blank=True, help_text='Required when the licence is "Other".'
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="%(class)ss")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.licence == Licence.OTHER and not self.licence_other.strip():
            raise ValidationError({"licence_other": "Name the licence, or choose one from the list."})

    @property
    def licence_text(self) -> str:
        return self.licence_other if self.licence == Licence.OTHER else str(Licence(self.licence).label)


percent = [MinValueValidator(0), MaxValueValidator(100)]


class ImageQuerySet(models.QuerySet):
    def missing_alt(self) -> "ImageQuerySet":
        """Return the images without alt text that are not marked decorative: not ready for a live page."""
        return self.filter(alt_text="", decorative=False)

    def missing_credit(self) -> "ImageQuerySet":
        return self.filter(credit="")


class Image(Provenance):
    file = models.ImageField(upload_to="library/%Y/%m/")
    alt_text = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="What a reader who cannot see the picture needs to know. Required unless it is decorative.",
    )
    decorative = models.BooleanField(
        default=False, help_text="Adds nothing a reader needs (screen readers skip it); say why below."
    )
    decorative_reason = models.CharField(max_length=200, blank=True)
    caption = models.CharField(max_length=300, blank=True)
    focal_x = models.PositiveSmallIntegerField(
        "focal point across (%)", default=50, validators=percent, help_text="Crops keep this point: 0 is the left edge."
    )
    focal_y = models.PositiveSmallIntegerField(
        "focal point down (%)", default=50, validators=percent, help_text="0 is the top edge."
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    size = models.PositiveIntegerField("file size (bytes)", default=0, editable=False)

    objects = ImageQuerySet.as_manager()

    class Meta(Provenance.Meta):
        pass

    def __str__(self) -> str:
        # What choosers list: the title, and a warning when a live page could not show it yet.
        return self.title if self.ready else f"{self.title} (needs alt text)"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.file:
            try:
                self.size = self.file.size or 0
                self.width, self.height = self.file.width or 0, self.file.height or 0
            except (OSError, ValueError):  # a stored name whose file is gone: the library lists it with size 0
                self.size = self.width = self.height = 0
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("admin:library_image_change", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.decorative and not self.decorative_reason.strip():
            raise ValidationError({"decorative_reason": "Say why the picture adds nothing a reader needs."})
        if not self.decorative and not self.alt_text.strip():
            raise ValidationError(
                {"alt_text": "Describe the picture for people who cannot see it, or mark it decorative."}
            )

    @property
    def ready(self) -> bool:
        """Return whether a live page may show it: described, or marked decorative with a reason."""
        return bool(self.alt_text.strip() or (self.decorative and self.decorative_reason.strip()))

    @property
    def alt(self) -> str:
        """Return what the page's ``alt`` attribute says: empty for a decorative picture."""
        return "" if self.decorative else self.alt_text

    @property
    def url(self) -> str:
        return self.file.url

    @property
    def name(self) -> str:
        return self.file.name or ""


class Document(Provenance):
    file = models.FileField(upload_to="documents/%Y/%m/", help_text="A PDF, at most the size the settings allow.")
    description = models.TextField(blank=True, help_text="What the handout is for; shown beside the link.")
    size = models.PositiveIntegerField("file size (bytes)", default=0, editable=False)

    class Meta(Provenance.Meta):
        pass

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.file:
            self.size = self.file.size or 0
        super().save(*args, **kwargs)

    @property
    def url(self) -> str:
        return self.file.url
