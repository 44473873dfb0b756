from django.contrib import admin
from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("", admin.site.admin_view(views.upload), name="upload"),
    path("<int:pk>/", admin.site.admin_view(views.run_page), name="run"),
    path("<int:pk>/start/", admin.site.admin_view(views.start), name="start"),
    path("<int:pk>/status/", admin.site.admin_view(views.status), name="status"),
]
