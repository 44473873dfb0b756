from django.urls import path

from contact import views

app_name = "contact"
urlpatterns = [
    path("", views.ContactFormView.as_view(), name="form"),
    path("thanks/", views.ThanksView.as_view(), name="thanks"),
]
