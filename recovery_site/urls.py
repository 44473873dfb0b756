from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from accounts.urls import webauthn_patterns
from articles.feeds import LatestArticlesFeed
from library.views import upload_image
from sharing.urls import staff_patterns as sharing_staff_patterns
from website import urls as website_urls
from website.views import sitemap_index, sitemap_section

admin.site.site_header = "Recovery Site editorial"
admin.site.site_title = "Recovery Site admin"

urlpatterns = [
    # Staff sign-in steps after the password (accounts/): verification, enrolment, passkey endpoints.
    path("admin/sign-in/", include("accounts.urls")),
    path("admin/sign-in/passkey/", include((webauthn_patterns, "otp_webauthn"))),
    # Staff views of the change page's comments and share-links panels, behind the admin's sign-in.
    path("admin/review-comments/", include("comments.urls")),
    path("admin/share-links/", include(sharing_staff_patterns)),
    # The content calendar (staff pages under admin/calendar/) and its iCal feeds under calendar/.
    path("", include("calendars.urls")),
    # WordPress imports from the browser (imports/): upload, dry run, progress and report.
    path("admin/import/wordpress/", include("imports.urls")),
    path("admin/", admin.site.urls),
    # The editor's uploads are checked, re-encoded and kept as media library images (same URL name).
    path("ckeditor5/image_upload/", upload_image, name="ck_editor_5_upload_file"),
    path("shared/", include("sharing.urls")),
    # The read API for partners and apps (api/): /api/v1/, its schema and reference page.
    path("api/", include("api.urls")),
    # The sitemap index and its sections' files, each of at most SITEMAP_SECTION_URLS addresses.
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    # robots.txt and the health check: one per site, whatever the language.
    path("", include((website_urls.site_patterns, "site"))),
]

# What readers see, in every language of settings.LANGUAGES: English at the addresses it always had, Spanish
# under /es/ (docs/architecture.md, "Languages").
urlpatterns += i18n_patterns(
    path("articles/", include("articles.urls")),
    path("conditions/", include("conditions.urls")),
    path("contact/", include("contact.urls")),
    path("feeds/articles/", LatestArticlesFeed(), name="article_feed"),
    # The trust pages (/editorial-policy/, /about/, /privacy/, /contact-details/) and /corrections/.
    path("", include("pages.urls")),
    path("", include((website_urls.language_patterns, "website"))),
    prefix_default_language=False,
)

handler400 = "website.views.bad_request"
handler404 = "website.views.page_not_found"
handler500 = "website.views.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
