from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Staff accounts and security"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the security-log receivers
