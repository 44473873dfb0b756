"""What each endpoint returns: public fields only, named explicitly (no ``fields = "__all__"``)."""

from typing import Any, cast

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from editorial.models import Contributor, NoteKind, ReviewedContent, Revision
from library.models import Image
from website import structured_data
from website.templatetags.content_urls import safe_url

from .provenance import licence_status, rendered_body

LICENCE_STATUSES = ("current", "expired", "none")


def live_page_of(revision: Revision) -> Any:
    """Return the page a correction belongs to: the corrections listed are of live pages, so it exists."""
    return revision.content_object


def absolute(serializer: serializers.Field, path: str) -> str:
    return serializer.context["request"].build_absolute_uri(path)


@extend_schema_field(OpenApiTypes.URI)
class PageURLField(serializers.Field):
    """The public page's absolute address (its ``get_absolute_url``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return absolute(self, value.get_absolute_url())


class LinkSerializer(serializers.Serializer):
    """Another public page this one names: a topic or a related condition."""

    name = serializers.CharField(source="__str__", read_only=True)
    slug = serializers.CharField(read_only=True)
    url = PageURLField()


class PhotoSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    description = serializers.CharField(source="photo.alt_text", read_only=True)

    def get_url(self, contributor: Contributor) -> str:
        # get_photo hands this serializer only contributors with a described portrait.
        return absolute(self, cast(Image, contributor.photo).url)


class PersonSerializer(serializers.Serializer):
    """A contributor as a byline names them: name, credentials, profile, and whether their licence is current."""

    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
    credentials = serializers.CharField(read_only=True)
    url = PageURLField()
    licence_status = serializers.SerializerMethodField(help_text="Whether a reviewing licence is held and current.")

    @extend_schema_field(serializers.ChoiceField(choices=LICENCE_STATUSES))
    def get_licence_status(self, contributor: Contributor) -> str:
        return licence_status(contributor)


class ContributorSerializer(PersonSerializer):
    """A contributor's public profile: what the profile page shows, no licence number, account or address."""

    is_writer = serializers.BooleanField(read_only=True)
    is_medical_reviewer = serializers.BooleanField(read_only=True)
    bio = serializers.CharField(read_only=True)
    photo = serializers.SerializerMethodField()

    @extend_schema_field(PhotoSerializer(allow_null=True))
    def get_photo(self, contributor: Contributor) -> dict | None:
        # Like the byline and the JSON-LD: a photo without a description is not shown.
        if not (contributor.photo and contributor.photo.alt_text.strip()):
            return None
        return PhotoSerializer(contributor, context=self.context).data


class ReviewSerializer(serializers.Serializer):
    """Who medically reviewed the live version, when, and when its next review is due."""

    reviewer = PersonSerializer(source="live_reviewed_by", read_only=True, allow_null=True)
    reviewed_at = serializers.DateTimeField(source="live_reviewed_at", read_only=True, allow_null=True)
    review_due = serializers.DateField(source="review_due_at", read_only=True, allow_null=True)
    overdue = serializers.BooleanField(
        source="review_is_due", read_only=True, help_text="The review due date has come: the page awaits review."
    )


class SourceSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="position", read_only=True)
    title = serializers.CharField(read_only=True)
    publisher = serializers.CharField(read_only=True)
    year = serializers.IntegerField(read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()
    doi = serializers.CharField(read_only=True)
    pmid = serializers.CharField(read_only=True)

    def get_url(self, source: Any) -> str:
        return safe_url(source.url)


class NoteSerializer(serializers.Serializer):
    """What readers are told a publication changed."""

    kind = serializers.ChoiceField(source="note_kind", choices=NoteKind.choices, read_only=True)
    text = serializers.CharField(source="public_note", read_only=True)
    published_at = serializers.DateTimeField(read_only=True)


class PageSerializer(serializers.Serializer):
    """The live version of a reviewed page and its provenance."""

    url = PageURLField()
    slug = serializers.CharField(read_only=True)
    title = serializers.CharField(source="title_text", read_only=True)
    summary = serializers.CharField(read_only=True)
    first_published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    last_published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    revision = serializers.IntegerField(
        source="live_revision", read_only=True, allow_null=True, help_text="The number of the live revision."
    )
    review = ReviewSerializer(source="*", read_only=True)
    sources = SourceSerializer(source="source_list", many=True, read_only=True)
    notes = NoteSerializer(source="public_notes", many=True, read_only=True)
    body_html = serializers.SerializerMethodField(help_text="The body as the page shows it, every address absolute.")

    def get_body_html(self, page: Any) -> str:  # an Article, Condition or SitePage: each has an address
        return rendered_body(page, absolute(self, page.get_absolute_url()))


class ClinicalPageSerializer(PageSerializer):
    key_takeaways = serializers.ListField(source="takeaways", child=serializers.CharField(), read_only=True)
    authors = PersonSerializer(many=True, read_only=True)
    structured_data = serializers.SerializerMethodField(
        help_text="The schema.org JSON-LD the page itself carries: the same facts as the fields above."
    )

    @extend_schema_field({"type": "array", "items": {"type": "object", "additionalProperties": True}})
    def get_structured_data(self, page: ReviewedContent) -> list[dict]:
        return self.json_ld(page, self.context["request"].build_absolute_uri)


class ArticleSerializer(ClinicalPageSerializer):
    topic = LinkSerializer(read_only=True, allow_null=True)
    conditions = LinkSerializer(many=True, read_only=True, help_text="Related condition pages that are live.")
    json_ld = staticmethod(structured_data.article_page)


class ConditionSerializer(ClinicalPageSerializer):
    other_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    json_ld = staticmethod(structured_data.condition_page)


class SitePageSerializer(PageSerializer):
    kind = serializers.CharField(read_only=True)


class TopicSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    url = PageURLField()


class CorrectionSerializer(serializers.Serializer):
    """A correction published on a live page, as the corrections log lists it."""

    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(source="public_note", read_only=True)
    published_at = serializers.DateTimeField(read_only=True)
    revision = serializers.IntegerField(source="number", read_only=True)
    page_type = serializers.SerializerMethodField()
    page_title = serializers.CharField(source="content_object.title_text", read_only=True)
    page_url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=("article", "condition", "sitepage")))
    def get_page_type(self, revision: Revision) -> str:
        return live_page_of(revision)._meta.model_name

    def get_page_url(self, revision: Revision) -> str:
        return absolute(self, live_page_of(revision).get_absolute_url())
