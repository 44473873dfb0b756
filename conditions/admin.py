from django.contrib import admin

from conditions.models import Condition, ConditionSource
from editorial.admin import ReviewedContentAdmin, SourceInline


class ConditionSourceInline(SourceInline):
    model = ConditionSource


@admin.register(Condition)
class ConditionAdmin(ReviewedContentAdmin):
    inlines = [ConditionSourceInline]
    search_fields = ("name", "also_known_as", "summary")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("authors",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "also_known_as", "summary", "key_takeaways", "body")}),
        ("Image", {"fields": ("hero_image", "hero_image_alt")}),
        ("Classification", {"fields": ("authors", "meta_description")}),
        ("Status", {"fields": ReviewedContentAdmin.readonly_fields}),
    )
