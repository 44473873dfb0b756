from django.contrib import admin

from conditions.models import Condition, ConditionSource
from editorial.admin import ReviewedContentAdmin, SourceInline
from library.admin import chosen_picture


class ConditionSourceInline(SourceInline):
    model = ConditionSource


@admin.register(Condition)
class ConditionAdmin(ReviewedContentAdmin):
    inlines = [ConditionSourceInline]
    search_fields = ("name", "also_known_as", "summary")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("authors", "hero_image")
    readonly_fields = (*ReviewedContentAdmin.readonly_fields, "hero_preview")
    fieldsets = (
        (None, {"fields": ("name", "slug", "also_known_as", "summary", "key_takeaways", "body")}),
        ("Image", {"fields": ("hero_image", "hero_preview")}),
        ("Classification", {"fields": ("authors", "meta_description")}),
        ("Status", {"fields": ReviewedContentAdmin.readonly_fields}),
    )

    @admin.display(description="chosen picture")
    def hero_preview(self, obj: Condition | None) -> str:
        return chosen_picture(obj.hero_image if obj else None)
