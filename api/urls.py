"""/api/v1/: the read API, its OpenAPI 3 schema and its reference page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import reference, views

app_name = "api"

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("conditions", views.ConditionViewSet, basename="condition")
router.register("pages", views.SitePageViewSet, basename="page")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("contributors", views.ContributorViewSet, basename="contributor")
router.register("corrections", views.CorrectionViewSet, basename="correction")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/", reference.ReferenceView.as_view(), name="reference"),
]
