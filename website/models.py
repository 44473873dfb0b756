from django.core.validators import RegexValidator
from django.db import models

local_path = RegexValidator(r"^/", "Start the address with a slash, e.g. /articles/old-name/.")
target = RegexValidator(r"^(/|https?://)", "Start with a slash for a page on this site, or with https://.")


class Redirect(models.Model):
    """An old public address that now answers with a permanent redirect."""

    old_path = models.CharField(
        max_length=250,
        unique=True,
        validators=[local_path],
        help_text='The address that no longer exists, starting with a slash, e.g. "/articles/old-name/".',
    )
    new_path = models.CharField(
        max_length=250,
        validators=[target],
        help_text='Where visitors go instead, e.g. "/articles/new-name/" or a full https:// address.',
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"
