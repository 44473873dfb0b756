from django.contrib import admin

from articles.models import Article, ArticleSource, Topic
from editorial.admin import ReviewedContentAdmin, SourceInline


class ArticleSourceInline(SourceInline):
    model = ArticleSource


@admin.register(Article)
class ArticleAdmin(ReviewedContentAdmin):
    inlines = [ArticleSourceInline]
    search_fields = ("title", "summary")
    list_filter = (*ReviewedContentAdmin.list_filter, "topic")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("authors", "conditions", "topic")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "key_takeaways", "body")}),
        ("Image", {"fields": ("hero_image", "hero_image_alt")}),
        ("Classification", {"fields": ("topic", "authors", "conditions", "meta_description")}),
        ("Status", {"fields": ReviewedContentAdmin.readonly_fields}),
    )


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
