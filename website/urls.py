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
