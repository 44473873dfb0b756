"""The upload form of the browser import."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

# Enough of the start of a file to hold the <rss> element and its namespace declarations.
SNIFF_BYTES = 64 * 1024


class UploadForm(forms.Form):
    export = forms.FileField(
        label="WordPress export file",
        help_text="The .xml file from Tools → Export in WordPress (WordPress.org or WordPress.com).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = filesizeformat(settings.WORDPRESS_IMPORT_MAX_BYTES)
        self.fields["export"].help_text += f" Up to {limit}."
        self.limit = limit

    def clean_export(self) -> UploadedFile:
        """Refuse what is too large or plainly not an export; the worker reads the whole file afterwards."""
        export = self.cleaned_data["export"]
        if export.size > settings.WORDPRESS_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"This file is {filesizeformat(export.size)}; the limit is {self.limit}. In WordPress, export one "
                "post type or one date range at a time (Tools → Export) and upload each file."
            )
        export.seek(0)
        start = export.read(SNIFF_BYTES)
        export.seek(0)
        if b"<rss" not in start or b"/export/" not in start:
            raise forms.ValidationError(
                "This is not a WordPress export: it does not start as one (an <rss> document with WordPress's "
                "export namespace). In WordPress, use Tools → Export and upload the .xml file it gives you."
            )
        return export
