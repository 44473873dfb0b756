from django.contrib import admin
from django.urls import path

from calendars import views

app_name = "calendars"
urlpatterns = [
    path("admin/calendar/", admin.site.admin_view(views.month), name="month"),
    path("admin/calendar/list/", admin.site.admin_view(views.agenda), name="list"),
    path("admin/calendar/subscribe/", admin.site.admin_view(views.subscribe), name="subscribe"),
    path("calendar/feed/<str:token>.ics", views.feed, name="feed"),
]
