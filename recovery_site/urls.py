from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.feeds import LatestArticlesFeed
from website.sitemaps import SITEMAPS

admin.site.site_header = "Recovery Site editorial"
admin.site.site_title = "Recovery Site admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("ckeditor5/", include("django_ckeditor_5.urls")),
    path("articles/", include("articles.urls")),
    path("conditions/", include("conditions.urls")),
    path("contact/", include("contact.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("feeds/articles/", LatestArticlesFeed(), name="article_feed"),
    path("", include("website.urls")),
]

handler404 = "website.views.page_not_found"
handler500 = "website.views.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
