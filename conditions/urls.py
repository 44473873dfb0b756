from django.urls import path

from conditions import views

app_name = "conditions"
urlpatterns = [
    path("", views.ConditionIndexView.as_view(), name="index"),
    path("preview/<int:pk>/", views.ConditionPreviewView.as_view(), name="preview"),
    path("<slug:slug>/", views.ConditionDetailView.as_view(), name="detail"),
]
