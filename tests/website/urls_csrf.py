"""A URLconf with one page that renders a CSRF token, for the page-cache tests."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

FORM = engines["django"].from_string('<form method="post">{% csrf_token %}<button>Send</button></form>')


def form_page(request):
    return HttpResponse(FORM.render({}, request))


urlpatterns = [path("form/", form_page)]
