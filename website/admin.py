from django import forms
from django.contrib import admin
from django.contrib.redirects.admin import RedirectAdmin as ContribRedirectAdmin
from django.contrib.redirects.models import Redirect

from website.redirects import is_safe_target


class RedirectForm(forms.ModelForm):
    """Old addresses are paths on this site; targets are too, or addresses on an allowed host."""

    class Meta:
        model = Redirect
        fields = ["site", "old_path", "new_path"]

    def clean_old_path(self):
        old_path = self.cleaned_data["old_path"]
        if not old_path.startswith("/") or old_path.startswith("//"):
            raise forms.ValidationError("Start the address with one slash, e.g. /articles/old-name/.")
        return old_path

    def clean_new_path(self):
        new_path = self.cleaned_data["new_path"]
        if new_path and not is_safe_target(new_path):
            raise forms.ValidationError(
                "Use a path on this site starting with one slash (e.g. /articles/new-name/), "
                "or a full address on a host in DJANGO_REDIRECT_ALLOWED_HOSTS. Leave it empty to answer 410 Gone."
            )
        return new_path


admin.site.unregister(Redirect)


@admin.register(Redirect)
class RedirectAdmin(ContribRedirectAdmin):
    form = RedirectForm
