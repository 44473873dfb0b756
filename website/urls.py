from django.urls import path

from website import views

app_name = "website"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("contributors/<slug:slug>/", views.ContributorView.as_view(), name="contributor"),
    path("search/", views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz/", views.healthz, name="healthz"),
]
# The pages that exist in every language: recovery_site/urls.py puts them under i18n_patterns (/es/...).
# robots.txt and the health check above are one per site, at the root only.
ONE_PER_SITE = ("robots", "healthz")
language_patterns = [pattern for pattern in urlpatterns if pattern.name not in ONE_PER_SITE]
site_patterns = [pattern for pattern in urlpatterns if pattern.name in ONE_PER_SITE]
