from django.urls import path

from pages import views
from pages.models import SitePage

app_name = "pages"
urlpatterns = [
    *(
        path(f"{kind}/", views.SitePageView.as_view(kind=kind), name=kind.replace("-", "_"))
        for kind in SitePage.Kind.values
    ),
    path("corrections/", views.CorrectionsView.as_view(), name="corrections"),
    path("pages/preview/<int:pk>/", views.SitePagePreviewView.as_view(), name="sitepage_preview"),
    path("pages/blocks/preview/<int:pk>/", views.BlockPreviewView.as_view(), name="block_preview"),
]
