from django.contrib import admin

from articles.models import Article, ArticleSource, Topic
from editorial.admin import ReviewedContentAdmin, SourceInline
from library.admin import chosen_picture


class ArticleSourceInline(SourceInline):
    model = ArticleSource


@admin.register(Article)
class ArticleAdmin(ReviewedContentAdmin):
    inlines = [ArticleSourceInline]
    search_fields = ("title", "summary")
    list_filter = (*ReviewedContentAdmin.list_filter, "topic")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("authors", "conditions", "topic", "hero_image")
    readonly_fields = (*ReviewedContentAdmin.readonly_fields, "hero_preview")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "key_takeaways", "body")}),
        ("Image", {"fields": ("hero_image", "hero_preview")}),
        ("Classification", {"fields": ("topic", "authors", "conditions", "meta_description")}),
        ("Status", {"fields": ReviewedContentAdmin.readonly_fields}),
    )

    @admin.display(description="chosen picture")
    def hero_preview(self, obj: Article | None) -> str:
        return chosen_picture(obj.hero_image if obj else None)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
