"""/api/v1/: the read API, its OpenAPI 3 schema and its reference page.

Routes written out with path converters (not a DRF router's regexes), like every other URLconf of the site.
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import reference, views

app_name = "api"

LIST, DETAIL = {"get": "list"}, {"get": "retrieve"}

urlpatterns = [
    path("v1/", reference.ReferenceView.as_view(), name="reference"),
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/articles/", views.ArticleViewSet.as_view(LIST), name="article-list"),
    path("v1/articles/<slug:slug>/", views.ArticleViewSet.as_view(DETAIL), name="article-detail"),
    path("v1/conditions/", views.ConditionViewSet.as_view(LIST), name="condition-list"),
    path("v1/conditions/<slug:slug>/", views.ConditionViewSet.as_view(DETAIL), name="condition-detail"),
    path("v1/pages/", views.SitePageViewSet.as_view(LIST), name="page-list"),
    path("v1/pages/<slug:kind>/", views.SitePageViewSet.as_view(DETAIL), name="page-detail"),
    path("v1/topics/", views.TopicViewSet.as_view(LIST), name="topic-list"),
    path("v1/topics/<slug:slug>/", views.TopicViewSet.as_view(DETAIL), name="topic-detail"),
    path("v1/contributors/", views.ContributorViewSet.as_view(LIST), name="contributor-list"),
    path("v1/contributors/<slug:slug>/", views.ContributorViewSet.as_view(DETAIL), name="contributor-detail"),
    path("v1/corrections/", views.CorrectionViewSet.as_view(LIST), name="correction-list"),
    path("v1/corrections/<int:pk>/", views.CorrectionViewSet.as_view(DETAIL), name="correction-detail"),
]
