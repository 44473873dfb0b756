"""Staff URLs of the comments panel, mounted under /admin/ behind the admin site's sign-in."""

from django.contrib import admin
from django.urls import path

from comments import views

app_name = "comments"
urlpatterns = [
    path("<int:content_type_id>/<int:object_id>/", admin.site.admin_view(views.comment), name="add"),
    path("<int:pk>/reply/", admin.site.admin_view(views.reply), name="reply"),
    path("<int:pk>/resolve/", admin.site.admin_view(views.resolve_thread), name="resolve"),
]
