"""Site pages and blocks in the admin: edited as drafts and reviewed like articles (editorial.admin)."""

from django.contrib import admin

from editorial.admin import DraftForm, ReviewedContentAdmin, SourceInline
from editorial.models import model_field
from editorial.roles import EDITORS, in_group
from pages.models import Block, SitePage, SitePageSource


class SitePageSourceInline(SourceInline):
    model = SitePageSource


@admin.register(SitePage)
class SitePageAdmin(ReviewedContentAdmin):
    inlines = [SitePageSourceInline]
    list_display = ("__str__", "kind", "makes_medical_claims", *ReviewedContentAdmin.list_display[1:])
    search_fields = ("title", "summary")
    fieldsets = (
        (None, {"fields": ("kind", "title", "summary", "body")}),
        ("Review", {"fields": ("makes_medical_claims",)}),
        ("Status", {"fields": ReviewedContentAdmin.readonly_fields}),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None:
            fields = (*fields, "kind")  # the kind is the page's address
        if not in_group(request.user, EDITORS):
            fields = (*fields, "makes_medical_claims")  # who reviews a page is an editor's decision
        return fields


class BlockForm(DraftForm):
    """A block has no sources and is not a search result: the model's own help text is what applies."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("heading", "body"):
            if name in self.fields:
                self.fields[name].help_text = model_field(Block, name).help_text


@admin.register(Block)
class BlockAdmin(ReviewedContentAdmin):
    form = BlockForm
    list_display = ("__str__", *ReviewedContentAdmin.list_display[1:])
    fieldsets = (
        (None, {"fields": ("kind", "heading", "body")}),
        ("Status", {"fields": ReviewedContentAdmin.readonly_fields}),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "kind") if obj is not None else fields

    def has_add_permission(self, request):
        # One block of each kind: the templates place each kind in its own spot.
        # Translations are started from the block's change page (its Languages panel), not added here.
        return super().has_add_permission(request) and Block.objects.filter(translation_of=None).count() < len(
            Block.Kind
        )
