"""Library forms: one image's details (with the confirmation a used picture needs), and several uploads at once."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from library import usage
from library.models import Document, Image, Tag
from library.uploads import clean_document, clean_image

# Changing these changes what readers of every page using the picture see or hear.
READER_FACING = ("file", "alt_text", "decorative")


class ImageForm(forms.ModelForm):
    confirm_pages = forms.BooleanField(
        label="I have checked the pages listed under “Where used”",
        required=False,
        help_text="Needed to replace the file or change the alt text of a picture that pages use: each page's "
        "review history will say so.",
    )

    class Meta:
        model = Image
        fields = (
            "file",
            "title",
            "alt_text",
            "decorative",
            "decorative_reason",
            "caption",
            "credit",
            "source",
            "licence",
            "licence_other",
            "focal_x",
            "focal_y",
            "tags",
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            return clean_image(upload)
        return upload

    def reader_facing_changes(self) -> list[str]:
        return [name for name in READER_FACING if name in self.changed_data]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Read before the form puts the new values on the instance: a replaced file is found under its old name.
        self.pages_using = usage.used_pages(self.instance) if self.instance.pk and self.reader_facing_changes() else []
        if self.pages_using and not cleaned.get("confirm_pages"):
            listed = "; ".join(str(page) for page in self.pages_using)
            raise ValidationError(
                f"This picture is used on {len(self.pages_using)} page(s): {listed}. Check them, tick the box to "
                "confirm and save again (choose a replacement file again if you were replacing it)."
            )
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    """Several files from one ``multiple`` input, each checked and re-encoded like a single upload."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data]
        files = [file for file in files if file]
        if not files:
            raise ValidationError("Choose one or more images (JPEG, PNG or WebP).")
        errors: list[str] = []
        cleaned: list[UploadedFile] = []
        for file in files:
            try:
                cleaned.append(clean_image(file))
            except ValidationError as error:
                errors.append(f"{file.name}: {' '.join(error.messages)}")
        if errors:
            raise ValidationError(errors)
        return cleaned


class UploadImagesForm(forms.Form):
    images = MultipleImageField(
        label="Images",
        help_text="Drop several pictures here or choose them. Each becomes a library item that needs alt text "
        "(or a reason it is decorative) before a live page can show it.",
    )
    tags = forms.ModelMultipleChoiceField(queryset=Tag.objects.all(), required=False)
    credit = forms.CharField(max_length=200, required=False, help_text="Given to every picture uploaded now.")


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ("file", "title", "description", "credit", "source", "licence", "licence_other", "tags")

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            return clean_document(upload)
        return upload
