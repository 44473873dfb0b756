"""The reviewed-content base shared by articles and conditions, and its records.

A page has two dimensions (docs/architecture.md, "The live page and the draft"):
- its live version: the model's own columns and relations, which visitors see;
- its working draft: a JSON snapshot in ``draft``, which staff edit and review.
Publishing copies the draft onto the columns and keeps it as a Revision.
"""

import hashlib
import json
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import connection, models
from django.db.models import Case, When
from django.db.models.expressions import CombinedExpression
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language

from editorial.links import slug_url
from editorial.richtext import canonical_html, clean_html

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


def fill_slug(instance: Any, text: str) -> None:
    """Give an instance with an empty ``slug`` one made from ``text``, cut to the field's length (call in save)."""
    if not instance.slug:
        instance.slug = slugify(text)[: model_field(instance, "slug").max_length]


def translation_constraints(label: str) -> list[models.BaseConstraint]:
    """Return the constraints every reviewed type's table carries: one translation per page and language.

    A translation is never in the site's default language. That its source is a default-language page and
    not itself a translation spans two rows, so ``workflow.start_translation`` checks it.
    """
    return [
        models.UniqueConstraint(fields=["translation_of", "language"], name=f"{label}_one_translation_per_language"),
        models.CheckConstraint(
            condition=models.Q(translation_of__isnull=True) | ~models.Q(language=settings.LANGUAGE_CODE),
            name=f"{label}_translation_not_in_default_language",
        ),
    ]


def model_field(model: type[models.Model] | models.Model, name: str) -> models.Field:
    """Return the model's own field called ``name`` (a column or a many-to-many field).

    ``_meta.get_field`` is typed to return reverse relations and generic foreign keys too; the names passed
    here are always the model's own fields, so this only narrows the type for mypy (no check at run time).
    """
    return cast(models.Field, model._meta.get_field(name))


def validate_languages(value: str) -> None:
    """Refuse a list of language codes naming a language the site does not publish in."""
    known = dict(settings.LANGUAGES)
    unknown = [code for code in language_codes(value) if code not in known]
    if unknown:
        choices = ", ".join(f"{code} ({name})" for code, name in settings.LANGUAGES)
        raise ValidationError(f"Unknown language code: {', '.join(unknown)}. Use codes from: {choices}.")


def language_codes(value: str) -> list[str]:
    """Return the codes of a comma-separated list of languages ("en, es" -> ["en", "es"])."""
    return [code.strip().lower() for code in (value or "").split(",") if code.strip()]


def takeaway_lines(text: str) -> list[str]:
    """Return the non-empty lines of a key-takeaways field, each one point of the box."""
    return [line.strip().lstrip("-•* ").strip() for line in (text or "").splitlines() if line.strip(" -•*")]


# Every address that comes from content and becomes a link: http or https only.
source_url = URLValidator(schemes=["http", "https"], message="Enter a web address starting with https:// or http://.")


def profile_link_lines(text: str) -> list[str]:
    """Return the non-empty lines of a list of web addresses, one per line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def validate_profile_links(text: str) -> None:
    """Refuse any line that is not an http(s) address: each becomes a link on the public profile."""
    for line in profile_link_lines(text):
        try:
            source_url(line)
        except ValidationError:
            raise ValidationError(
                "Each line must be one web address starting with https:// or http:// (this one is not: %(line)s).",
                params={"line": line[:80]},
            ) from None


class Contributor(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    credentials = models.CharField(
        max_length=80, blank=True, help_text='Post-nominal letters shown after the name, e.g. "PharmD" or "MD".'
    )
    is_writer = models.BooleanField("writer", default=False)
    is_medical_reviewer = models.BooleanField(
        "medical reviewer", default=False, help_text="May approve content while the licence below is current."
    )
    bio = models.TextField(blank=True, help_text="Plain text shown on the public profile page.")
    # A string reference: the library sits above editorial and imports it, never the other way round.
    photo = models.ForeignKey(
        "library.Image",
        verbose_name="portrait",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributor_portraits",
        help_text="Chosen from the media library, where its alt text, credit and licence are kept.",
    )
    languages = models.CharField(
        "languages read",
        max_length=60,
        default="en",
        validators=[validate_languages],
        help_text='The languages this person reads, as codes separated by commas, e.g. "en, es". A medical '
        "reviewer approves only pages in these languages.",
    )
    job_title = models.CharField(
        max_length=120, blank=True, help_text='Shown under the name on the profile, e.g. "Clinical pharmacist".'
    )
    expertise = models.TextField(
        "areas of expertise", blank=True, help_text='One per line, e.g. "Opioid use disorder"; listed on the profile.'
    )
    other_profiles = models.TextField(
        blank=True,
        validators=[validate_profile_links],
        help_text="Web addresses of this person's pages elsewhere (a professional register, a university page), "
        "one per line, each starting with https://.",
    )
    licence_number = models.CharField(
        max_length=60, blank=True, help_text="Kept for staff to check the licence; never shown on the public site."
    )
    licence_issuer = models.CharField(
        "licensed by",
        max_length=160,
        blank=True,
        help_text='Who issued the licence, shown on the profile, e.g. "State Board of Pharmacy".',
    )
    licence_expiry = models.DateField(null=True, blank=True, help_text="Reviewers cannot approve after this date.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributor",
        help_text="The staff account this person signs in with, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        fill_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("website:contributor", self.slug)

    def clean(self):
        if self.photo and not getattr(self.photo, "ready", True):
            raise ValidationError({"photo": "This picture has no alt text yet: describe it in the media library."})
        if self.is_medical_reviewer and not (self.licence_number and self.licence_expiry):
            raise ValidationError("A medical reviewer needs a licence number and its expiry date.")

    @property
    def display_name(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def reads(self, language: str) -> bool:
        """Return whether this person reads the language (a code of settings.LANGUAGES)."""
        return language in language_codes(self.languages)

    def has_current_licence(self, on=None) -> bool:
        """Return whether this person may approve content on the given day."""
        on = on or timezone.localdate()
        return bool(self.is_medical_reviewer and self.licence_expiry and self.licence_expiry >= on)

    @property
    def expertise_list(self) -> list[str]:
        return [line.strip() for line in self.expertise.splitlines() if line.strip()]

    @property
    def profile_links(self) -> list[str]:
        return profile_link_lines(self.other_profiles)


class Education(models.Model):
    """A degree or training a contributor holds, listed on their profile in the order staff give."""

    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="education")
    degree = models.CharField(max_length=160, help_text='As it should read, e.g. "Doctor of Pharmacy (PharmD)".')
    institution = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text="The year it was completed, if known.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = verbose_name_plural = "education"

    def __str__(self) -> str:
        return ", ".join(str(part) for part in (self.degree, self.institution, self.year) if part)


class Affiliation(models.Model):
    """A board certification, a professional membership or a position, listed on a contributor's profile."""

    class Kind(models.TextChoices):
        CERTIFICATION = "certification", "Board certification"
        MEMBERSHIP = "membership", "Professional membership"
        POSITION = "position", "Position or appointment"

    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="affiliations")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MEMBERSHIP)
    name = models.CharField(
        max_length=200, help_text='As it should read, e.g. "Board Certified Psychiatric Pharmacist (BCPP)".'
    )
    organisation = models.CharField(
        max_length=200, blank=True, help_text="Who certifies, or whose member or staff this person is."
    )
    url = models.URLField(
        "web address", max_length=500, blank=True, validators=[source_url], help_text="The organisation's page, if any."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class LiveStatus(models.TextChoices):
    NONE = "none", "Never published"
    LIVE = "live", "Live"
    EXPIRED = "expired", "Unpublished"


class ReviewState(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In medical review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published (no pending changes)"


# Only editorial.workflow's transitions write these (docs/architecture.md, "Only the workflow writes what visitors
# see"): whether, since when and until when a page is live and who reviewed it, and the approval that lets a draft
# go live. While a page is live its content columns, relations and sources are guarded too.
LIVE_FIELDS = (
    "live_status",
    "unpublish_at",
    "first_published_at",
    "last_published_at",
    "live_reviewed_by",
    "live_reviewed_at",
    "review_due_at",
    "source_revision",
)
APPROVAL_FIELDS = ("approved_fingerprint", "approved_by", "approved_at")

in_transition = ContextVar("editorial_in_transition", default=False)


class LiveContentError(RuntimeError):
    """Code outside editorial.workflow tried to change what visitors see, or an approval."""


@contextmanager
def transition_writes():
    """Let the enclosed code write the live copy and the approval: entered by ``editorial.workflow`` alone.

    tests/editorial/test_live_guard.py fails if any other module enters it.
    """
    token = in_transition.set(True)
    try:
        yield
    finally:
        in_transition.reset(token)


def refuse(model: type[models.Model], names) -> None:
    """Raise LiveContentError naming what only the workflow may change."""
    listed = ", ".join(sorted(names))
    raise LiveContentError(
        f"Only editorial.workflow may change what visitors see ({model._meta.verbose_name}: {listed}); "
        "store edits with workflow.save_draft and make them live with workflow.publish."
    )


def live_pks(model: type["ReviewedContent"], pks) -> set:
    """Return which of these pages are live as stored (not as an instance in memory may say)."""
    return set(model.objects.filter(pk__in=list(pks), live_status=LiveStatus.LIVE).values_list("pk", flat=True))


class ReviewedContentQuerySet(models.QuerySet):
    def live(self, language: str | None = None):
        """Return what visitors may see, in one language: the one place that decides it.

        A page whose scheduled unpublishing time has passed is hidden at once, even
        before ``publish_scheduled`` records the change. ``language`` defaults to the site's
        (``LANGUAGE_CODE``), so a translation is never listed among English pages by accident;
        a view serving every language passes ``get_language()``.
        """
        return self.live_in_every_language().filter(language=language or settings.LANGUAGE_CODE)

    def live_in_every_language(self):
        """Return what visitors may see in any language: only for linking a page's versions (``alternates``)."""
        return self.filter(live_status=LiveStatus.LIVE).exclude(unpublish_at__lte=timezone.now())

    # Bulk writes obey the same rule as save(): only the workflow changes what visitors see.

    def update(self, **kwargs):
        self.refuse_writing(kwargs)
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        self.filter(pk__in=[obj.pk for obj in objs]).refuse_writing(fields)
        return super().bulk_update(objs, fields, *args, **kwargs)

    def refuse_writing(self, fields) -> None:
        """Raise LiveContentError if writing ``fields`` of these rows would change what visitors see."""
        if in_transition.get():
            return
        names = {self.model._meta.get_field(name).name for name in fields}
        guarded = names & {*LIVE_FIELDS, *APPROVAL_FIELDS}
        content = names & set(self.model.draft_fields)
        if guarded or (content and self.filter(live_status=LiveStatus.LIVE).exists()):
            refuse(self.model, guarded | content)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if not in_transition.get():
            for obj in objs:
                obj.refuse_unreviewed_changes(None)
        return super().bulk_create(objs, *args, **kwargs)

    def delete(self):
        if not in_transition.get() and self.filter(live_status=LiveStatus.LIVE).exists():
            refuse(self.model, ["live pages: unpublish them first"])
        return super().delete()


def fingerprint(snapshot: dict) -> str:
    """Return a stable hash of a content snapshot."""
    return hashlib.sha256(json.dumps(snapshot, sort_keys=True, default=str).encode()).hexdigest()


def content_fingerprint(snapshot: dict, rich_text_fields: tuple[str, ...] = ("body",)) -> str:
    """Return a hash of what a snapshot says, not how it is written: equal for re-serialised identical content.

    Rich text is compared in canonical_html's form, text with its surrounding whitespace and line endings
    normalised (browsers post textareas with CRLF), relations in id order. The workflow decides "edited"
    with it; ``fingerprint`` (the stored draft's exact hash) still names the draft an approval covers.
    """
    fields = {
        name: canonical_html(value) if name in rich_text_fields else _canonical_value(value)
        for name, value in snapshot["fields"].items()
    }
    m2m = {name: sorted(ids) for name, ids in snapshot["m2m"].items()}
    sources = [{key: _canonical_value(value) for key, value in source.items()} for source in snapshot["sources"]]
    canonical = {"fields": fields, "m2m": m2m, "sources": sources}
    if snapshot.get("source_revision"):  # a translation following another source version says something else
        canonical["source_revision"] = snapshot["source_revision"]
    return fingerprint(canonical)


def _canonical_value(value):
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return value


SEARCH_CONFIG = "english"
# Each language's PostgreSQL text-search configurations, the first also highlighting snippets. Spanish is read twice:
# by PostgreSQL's "spanish" (whose stemmer joins "articulación" and "articulaciones") and by "spanish_unaccent"
# (website/migrations/0006: unaccent, then the same stemmer, so "articulacion" typed without its accent, or "sueno",
# still finds the page). A page matches when either reading does (docs/architecture.md, "Languages").
SEARCH_CONFIGS = {"en": (SEARCH_CONFIG,), "es": ("spanish", "spanish_unaccent")}


def search_configs(language: str) -> tuple[str, ...]:
    """Return the text-search configurations of a language: its own where there are some, else no stemming."""
    return SEARCH_CONFIGS.get(language, ("simple",))


class SearchDocumentIndex(GinIndex):
    """Index the stored search document: GIN on PostgreSQL, a plain index where the column stays empty (SQLite)."""

    def create_sql(self, model, schema_editor, using: str = "", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return models.Index.create_sql(self, model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


class ReviewedContent(models.Model):
    """Abstract base: live columns plus a working draft under medical review.

    Subclasses name their draftable parts in ``draft_fields`` (columns),
    ``draft_m2m`` (many-to-many fields) and have a ``sources`` relation;
    ``search_title_fields`` are the columns search weighs like the title.
    """

    draft_fields: tuple[str, ...] = ()
    draft_m2m: tuple[str, ...] = ()
    rich_text_fields: tuple[str, ...] = ("body",)
    search_title_fields: tuple[str, ...] = ()
    # Whether the pre-publish checks (editorial.checks) run on this type's drafts: they are written for
    # clinical pages with citations; the site's own pages and blocks (pages/) turn them off.
    prepublish_checks: bool = True
    # Relations edited in memory and not yet stored in a draft, by name: see set_relation. Never shared
    # between instances, because set_relation replaces the dict rather than changing it.
    edited_relations: dict[str, list] = {}
    # The source revision a translation's draft follows, held in memory like the edited relations: the draft
    # snapshot stores it (``snapshot``), and ``apply_snapshot`` loads it. None: the stored ``source_revision``.
    followed_revision_id: int | None = None
    # Each concrete subclass has a Source subclass whose foreign key is named back as ``sources`` (a declaration
    # for mypy only: an annotation without a value adds nothing to the model).
    sources: "RelatedManager[Source]"
    # The column of ``translation_of`` (the stubs add no ``_id`` for a foreign key to "self" on an abstract model).
    translation_of_id: int | None

    live_status = models.CharField(max_length=10, choices=LiveStatus.choices, default=LiveStatus.NONE, editable=False)
    review_state = models.CharField(
        max_length=20, choices=ReviewState.choices, default=ReviewState.DRAFT, editable=False
    )
    draft = models.JSONField(null=True, blank=True, editable=False)
    draft_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    draft_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    approved_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    approved_by = models.ForeignKey(
        Contributor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)

    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_published_at = models.DateTimeField("last updated", null=True, blank=True, editable=False)
    live_reviewed_by = models.ForeignKey(
        Contributor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    live_reviewed_at = models.DateTimeField("medically reviewed", null=True, blank=True, editable=False)
    review_due_at = models.DateField(null=True, blank=True, editable=False)
    publish_at = models.DateTimeField("scheduled publish", null=True, blank=True, editable=False)
    unpublish_at = models.DateTimeField("scheduled unpublish", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # A translation is a page of its own (own draft, workflow, approval and byline) in another language, linked to
    # the page it translates (docs/architecture.md, "Languages").
    language = models.CharField(
        max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE, db_index=True, editable=False
    )
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="translations",
        editable=False,
        help_text="The page in the site's default language that this page translates.",
    )
    # The source's published revision this translation follows: the draft holds the value it will follow (the
    # snapshot's "source_revision", so an approval covers it) and publishing copies it here (write_live).
    source_revision = models.ForeignKey(
        "editorial.Revision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text="The published version of the source page this translation follows.",
    )
    # Derived from the live columns by write_live (PostgreSQL only; NULL elsewhere): site search reads it.
    search_document = SearchVectorField(null=True, editable=False)

    objects = ReviewedContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        for name in self.rich_text_fields:
            setattr(self, name, clean_html(getattr(self, name)))
        fill_slug(self, self.title_text)
        if not in_transition.get():
            self.refuse_unreviewed_changes(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not in_transition.get() and live_pks(type(self), [self.pk]):
            refuse(type(self), ["a live page: unpublish it first"])
        return super().delete(*args, **kwargs)

    def refuse_unreviewed_changes(self, update_fields) -> None:
        """Raise LiveContentError if saving would change the live copy or the approval outside a transition.

        Compared with the stored row, so saving a live page's other columns (or saving it unchanged) is fine.
        """
        guarded = {*LIVE_FIELDS, *APPROVAL_FIELDS}
        names = guarded | set(self.draft_fields)
        if update_fields is not None:
            names &= set(update_fields)
        if not names:
            return
        columns = [model_field(self, name) for name in sorted(names)]
        stored = None
        if self.pk is not None and not self._state.adding:
            stored = type(self).objects.filter(pk=self.pk).values("live_status", *[f.attname for f in columns]).first()
        if stored is None:  # a new row: nothing of it is live, so only the guarded columns must keep their defaults
            stored = {field.attname: field.get_default() for field in columns}
            stored["live_status"] = LiveStatus.NONE
        changed = {
            field.name
            for field in columns
            if field.get_prep_value(field.value_from_object(self)) != field.get_prep_value(stored[field.attname])
        }
        changed = changed if stored["live_status"] == LiveStatus.LIVE else changed & guarded
        if changed:
            refuse(type(self), changed)

    @property
    def title_text(self) -> str:
        raise NotImplementedError

    @property
    def needs_medical_review(self) -> bool:
        """Return whether only a licensed medical reviewer may approve this page (else an editor may)."""
        return True

    @classmethod
    def medical_review_filter(cls) -> models.Q:
        """Return the query condition true of the pages whose ``needs_medical_review`` is true (dashboard, filters)."""
        return models.Q()

    @property
    def rendered_version(self) -> str:
        """Name this published version for caching what is rendered from it: it changes with every publish."""
        published = self.last_published_at.timestamp() if self.last_published_at else ""
        return f"{self._meta.label_lower}.{self.pk}.{published}"

    @property
    def is_live(self) -> bool:
        return self.live_status == LiveStatus.LIVE

    @property
    def review_is_due(self) -> bool:
        return bool(self.review_due_at and self.review_due_at <= timezone.localdate())

    @property
    def updated_after_first_publication(self) -> bool:
        """Return whether a later version went live on another day than the first (the byline then says so)."""
        first, last = self.first_published_at, self.last_published_at
        return bool(last) and (not first or timezone.localdate(last) != timezone.localdate(first))

    @property
    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(type(self))

    @cached_property
    def source_list(self) -> list:
        """Return the numbered sources, read once (one query) by the text, the source list and the JSON-LD.

        The public views do not prefetch them: they are read only when a fragment keyed by the version is rendered.
        """
        return list(self.sources.all())

    @cached_property
    def public_notes(self) -> list["Revision"]:
        """Return the dated correction and update notes of this page's publications, newest first (one query)."""
        if not self.pk:
            return []
        return list(
            Revision.objects.filter(content_type=self.content_type, object_id=self.pk)
            .exclude(public_note="")
            .only("content_type", "object_id", "published_at", "public_note", "note_kind")
            .order_by("-published_at", "-number")
        )

    # Translations (docs/architecture.md, "Languages") ------------------------

    @property
    def is_translation(self) -> bool:
        return self.translation_of_id is not None

    @property
    def source_pk(self) -> int | None:
        """Return the id of the default-language page this page is a version of: its source's, or its own."""
        return self.translation_of_id or self.pk

    @property
    def address_language(self) -> str:
        """Return the language whose prefix this page's address takes (get_absolute_url).

        Its own; the active one when the column was not loaded (a list read with ``only()``), which is the
        language the list was read in, rather than a query per page.
        """
        return get_language() if "language" in self.get_deferred_fields() else self.language

    @property
    def language_name(self) -> str:
        return dict(settings.LANGUAGES).get(self.language, self.language)

    def translation(self, language: str) -> "ReviewedContent | None":
        """Return this page's live translation into ``language`` (this page itself for its own language), or None."""
        if language == self.language:
            return self
        source = self.translation_of if self.is_translation else self
        if source is None or language == source.language:
            return source if source is not None and source.is_live else None
        return type(self).objects.live(language).filter(translation_of=source).first()

    def alternates(self) -> list["ReviewedContent"]:
        """Return the live versions of this page (itself included), in the order of settings.LANGUAGES: one query."""
        versions = (
            type(self)
            .objects.live_in_every_language()
            .filter(models.Q(pk=self.source_pk) | models.Q(translation_of=self.source_pk))
            .defer("draft", "search_document", *self.rich_text_fields)
        )
        order = [code for code, _ in settings.LANGUAGES]
        return sorted(versions, key=lambda version: order.index(version.language))

    @cached_property
    def source_latest_revision(self) -> "Revision | None":
        """Return the source page's newest published revision (None for a page that translates nothing)."""
        if self.translation_of_id is None:
            return None
        return (
            Revision.objects.filter(content_type=self.content_type, object_id=self.translation_of_id)
            .only("pk", "number", "published_at")
            .order_by("-number")
            .first()
        )

    @property
    def is_out_of_date(self) -> bool:
        """Return whether the source went live in a newer version than the one this translation's live text follows."""
        latest = self.source_latest_revision
        if latest is None or not self.source_revision_id:
            return False
        return latest.pk != self.source_revision_id

    # Draft snapshots --------------------------------------------------------

    @classmethod
    def upgrade_snapshot(cls, snapshot: dict) -> dict:
        """Return a snapshot stored by an older version of the model as this version reads it (a type overrides it).

        Every reader of a stored snapshot goes through it (``apply_snapshot``, ``Draft``, the workflow's "nothing
        changed" test), so an old draft is read correctly without being rewritten: its fingerprint stays valid.
        """
        return snapshot

    def snapshot(self) -> dict:
        """Return this object's in-memory content as a JSON-ready snapshot."""
        fields = {}
        for name in self.draft_fields:
            field = model_field(self, name)
            if isinstance(field, models.FileField):
                # FileField.pre_save stores a newly uploaded file (only that) and returns it, as saving the row would.
                fields[name] = field.pre_save(self, add=False).name or ""
            elif name in self.rich_text_fields:
                fields[name] = clean_html(getattr(self, name))
            else:
                fields[name] = getattr(self, field.attname)
        m2m = {name: sorted(obj.pk for obj in self.related_objects(name)) for name in self.draft_m2m}
        sources = [source.as_dict() for source in self.related_objects("sources")]
        validate_sources(self.sources.model, sources)
        snapshot = {"fields": fields, "m2m": m2m, "sources": sources}
        if self.translation_of_id:
            snapshot["source_revision"] = self.followed_revision_id or self.source_revision_id
        return snapshot

    def related_objects(self, name: str) -> list:
        """Return a relation's edited value when one is held (``set_relation``), else what is stored."""
        if name in self.edited_relations:
            return list(self.edited_relations[name])
        # A new page has no stored relations yet, and Django refuses to query them.
        return list(getattr(self, name).all()) if self.pk else []

    def apply_snapshot(self, snapshot: dict) -> None:
        """Load a snapshot into this object in memory: its columns, and its relations as held edits."""
        snapshot = self.upgrade_snapshot(snapshot)
        for name, value in snapshot["fields"].items():
            field = model_field(self, name)
            setattr(self, field.attname, value)
        for name, ids in snapshot["m2m"].items():
            related: Any = model_field(self, name).related_model  # a draft_m2m field's model: a class with objects
            self.set_relation(name, related.objects.filter(pk__in=ids))
        self.set_sources(snapshot["sources"])
        if "source_revision" in snapshot:
            self.followed_revision_id = snapshot["source_revision"]

    def set_relation(self, name: str, objects) -> None:
        """Hold an edited relation in memory, where snapshot() reads it; the stored relation is left alone."""
        self.edited_relations = {**self.edited_relations, name: list(objects)}

    def set_sources(self, sources: list[dict]) -> None:
        """Hold edited sources (dicts of Source fields, in order) in memory, where snapshot() reads them."""
        model = self.sources.model
        self.set_relation("sources", [model(position=i, **data) for i, data in enumerate(sources, start=1)])

    def apply_draft(self) -> "ReviewedContent":
        """Load the working draft into this object in memory, when there is one; return self."""
        if self.draft:
            self.apply_snapshot(self.draft)
        return self

    @property
    def draft_fingerprint(self) -> str:
        return fingerprint(self.draft) if self.draft else ""

    def write_live(self, snapshot: dict) -> None:
        """Make ``snapshot`` the stored content: columns, relations and sources."""
        self.apply_snapshot(snapshot)
        for name in self.rich_text_fields:
            setattr(self, name, clean_html(getattr(self, name)))
        if self.translation_of_id:
            self.source_revision_id = snapshot.get("source_revision")
        self.save()
        self.edited_relations = {}
        for name, ids in snapshot["m2m"].items():
            getattr(self, name).set(ids)
        source_model = self.sources.model
        validate_sources(source_model, snapshot["sources"])
        self.sources.all().delete()
        source_model.objects.bulk_create(
            [
                source_model(position=i, **data, **{source_model.page_field().name: self})
                for i, data in enumerate(snapshot["sources"], start=1)
            ],
            batch_size=500,
        )
        type(self).refresh_search_documents(type(self).objects.filter(pk=self.pk))

    @classmethod
    def search_vector(cls, config: str = SEARCH_CONFIG) -> CombinedExpression:
        """Return the weighted full-text vector of the columns: title A, summary B, body C."""
        return (
            SearchVector(*cls.search_title_fields, weight="A", config=config)
            + SearchVector("summary", weight="B", config=config)
            + SearchVector("body", weight="C", config=config)
        )

    @classmethod
    def language_vector(cls, language: str) -> CombinedExpression:
        """Return the search vector of a page in this language: each of its configurations' readings, joined."""
        first, *others = [cls.search_vector(config) for config in search_configs(language)]
        for other in others:
            first = first + other
        return first

    @classmethod
    def refresh_search_documents(cls, queryset=None) -> int:
        """Recompute the stored search document of these rows (all by default) in one UPDATE; PostgreSQL only."""
        if connection.vendor != "postgresql":
            return 0
        queryset = cls.objects.all() if queryset is None else queryset
        # Each row in its own language's configurations, still one UPDATE.
        vector = Case(
            *[When(language=code, then=cls.language_vector(code)) for code, _name in settings.LANGUAGES],
            default=cls.search_vector(),
            output_field=SearchVectorField(),
        )
        return queryset.update(search_document=vector)


# A source's address is a web page: http or https only (no javascript:, data: or file:).


def validate_sources(model: type["Source"], sources: list[dict]) -> None:
    """Raise ValidationError unless every source (as a snapshot stores it) passes the model's own field checks."""
    for position, data in enumerate(sources, start=1):
        model(position=position, **data).check_fields()


class SourceQuerySet(models.QuerySet):
    """A live page's sources are part of what visitors see: bulk writes change them only in a transition."""

    def refuse_for_live_pages(self, pages) -> None:
        if not in_transition.get() and live_pks(self.model.page_model(), pages):
            refuse(self.model.page_model(), ["sources"])

    def update(self, **kwargs):
        self.refuse_for_live_pages(self.values_list(self.model.page_field().attname, flat=True))
        return super().update(**kwargs)

    def delete(self):
        self.refuse_for_live_pages(self.values_list(self.model.page_field().attname, flat=True))
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        self.refuse_for_live_pages({getattr(obj, self.model.page_field().attname) for obj in objs})
        return super().bulk_create(objs, *args, **kwargs)


class Source(models.Model):
    """A numbered reference: abstract, each content type has its own table."""

    position = models.PositiveSmallIntegerField(default=0, help_text="Sources are numbered in this order.")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField("URL", max_length=500, blank=True, validators=[source_url])
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    doi = models.CharField("DOI", max_length=100, blank=True)
    pmid = models.CharField("PMID", max_length=20, blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Sources written by code are checked too, not only those typed into the admin.
        self.check_fields()
        type(self).objects.refuse_for_live_pages([getattr(self, self.page_field().attname)])
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        type(self).objects.refuse_for_live_pages([getattr(self, self.page_field().attname)])
        return super().delete(*args, **kwargs)

    @classmethod
    def page_field(cls) -> models.ForeignKey:
        """Return the foreign key to the page these sources belong to."""
        # Once the models are loaded a relation's related_model is a class (the stubs also allow "self" and None).
        return next(
            cast(models.ForeignKey, field)
            for field in cls._meta.get_fields()
            if field.many_to_one and issubclass(cast(type, field.related_model), ReviewedContent)
        )

    @classmethod
    def page_model(cls) -> type[ReviewedContent]:
        return cast(type[ReviewedContent], cls.page_field().related_model)

    def check_fields(self) -> None:
        """Run the fields' validation (the URL's scheme included), leaving out the page it belongs to."""
        self.clean_fields(exclude=[field.name for field in self._meta.get_fields() if field.is_relation])

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in ("title", "publisher", "url", "year", "doi", "pmid")}


class NoteKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    UPDATE = "update", "Update"


class Revision(models.Model):
    """A version that went live, kept so it can be viewed, diffed and restored.

    ``public_note`` is what readers are told about this publication ("Corrected the starting dose"):
    the page lists its notes and the corrections log lists every correction.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    fingerprint = models.CharField(max_length=64)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(Contributor, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True)
    public_note = models.CharField(max_length=300, blank=True)
    note_kind = models.CharField(max_length=20, choices=NoteKind.choices, blank=True)

    class Meta:
        ordering = ["content_type", "object_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "number"], name="unique_revision_number")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"Revision {self.number} of {self.content_object}"


class ReviewEvent(models.Model):
    """One workflow transition: who did what, when, and why."""

    class Action(models.TextChoices):
        EDIT = "edit", "Edited the draft"
        RESTORE = "restore", "Restored a revision as the draft"
        SUBMIT = "submit", "Sent for medical review"
        APPROVE = "approve", "Approved"
        REQUEST_CHANGES = "request_changes", "Requested changes"
        SCHEDULE = "schedule", "Scheduled publication"
        SCHEDULE_CANCELLED = "schedule_cancelled", "Scheduled publication cancelled"
        PUBLISH = "publish", "Published"
        SCHEDULE_UNPUBLISH = "schedule_unpublish", "Scheduled unpublishing"
        UNPUBLISH = "unpublish", "Unpublished"
        # A library picture the page shows was replaced or re-described (library/admin.py): no state changes.
        MEDIA_CHANGED = "media_changed", "A picture it shows changed in the media library"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    action = models.CharField(max_length=30, choices=Action.choices)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # The pre-publish warnings (editorial.checks) the draft had when this event happened; kept with approvals.
    findings = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.action} by {self.user} at {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def from_state_label(self) -> str:
        return ReviewState(self.from_state).label if self.from_state in ReviewState.values else self.from_state

    @property
    def to_state_label(self) -> str:
        return ReviewState(self.to_state).label if self.to_state in ReviewState.values else self.to_state


class LinkCheck(models.Model):
    """What an outside address answered when the background link check last asked (editorial.tasks.check_links)."""

    # The error recorded for an address the checker will not fetch (editorial.linkcheck.hop): its host is, or
    # resolves to, an address off the public internet, or is spelt so that parsers could read it differently
    # (percent-encoded, a number, userinfo, a backslash, a trailing dot).
    NOT_PUBLIC = "not a public address: not checked"
    # The error recorded for a link no parser can make an address of (a bad port, an unclosed IPv6 bracket, no host).
    NOT_VALID = "not a valid web address: not checked"
    URL_LENGTH = 500

    url = models.URLField("URL", max_length=URL_LENGTH, unique=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The HTTP status it answered.")
    error = models.CharField(max_length=200, blank=True, help_text="Why no answer came, when none did.")
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["url"]

    def __str__(self) -> str:
        return f"{self.url}: {self.status or self.error}"

    @property
    def is_broken(self) -> bool:
        return bool(self.error) or (self.status or 0) >= 400


def refuse_live_relation_changes(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """Refuse changing a live page's many-to-many relations (authors, related conditions) outside a transition.

    Connected by EditorialConfig.ready to the through model of every ``draft_m2m`` relation; the pages
    changed are ``instance`` (forward) or those in ``pk_set`` (from the other side; all of them for a clear).
    """
    if in_transition.get() or action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    if not reverse:
        page_model, pages = type(instance), [instance.pk]
    elif pk_set is not None:
        page_model, pages = model, pk_set
    else:  # clearing from the other side: every page that lists ``instance``
        page_model = model
        keys = {field.related_model: field for field in sender._meta.get_fields() if field.many_to_one}
        pages = sender.objects.filter(**{keys[type(instance)].name: instance}).values_list(
            keys[model].attname, flat=True
        )
    if live_pks(page_model, pages):
        refuse(page_model, ["related pages and authors"])


class Autosave(models.Model):
    """One person's unsaved input on one change page, kept beside the draft and never applied to it.

    Only that person's change page reads it (to offer "Restore"); the draft, its review state and the
    live page never do, so an autosave cannot void an approval or replace anyone's save. editorial/autosave.py.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    # The posted form fields, name -> list of values (a multiple select posts one name several times).
    data = models.JSONField()
    # The draft version (locks.version) the form was loaded with: restoring puts it back in the form, so a
    # save over someone else's newer save is refused as for any old form.
    base_version = models.CharField(max_length=40, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="one_autosave_per_user_page")
        ]

    def __str__(self) -> str:
        return f"Autosave by {self.user} at {self.saved_at:%Y-%m-%d %H:%M}"
