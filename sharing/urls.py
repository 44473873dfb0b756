"""Share links: the public address of a shared draft, and the staff views (mounted under /admin/)."""

from django.contrib import admin
from django.urls import path

from sharing import views

app_name = "sharing"
urlpatterns = [
    path("<str:token>/", views.shared_draft, name="draft"),
]
staff_patterns = (
    [
        path("<int:content_type_id>/<int:object_id>/", admin.site.admin_view(views.create), name="create"),
        path("<int:pk>/revoke/", admin.site.admin_view(views.revoke_link), name="revoke"),
    ],
    "sharing_staff",
)
