from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Read API"

    def ready(self) -> None:
        from editorial import signals as editorial_signals

        from . import authentication, signals  # authentication registers its OpenAPI description

        assert authentication
        editorial_signals.page_published.connect(signals.page_published, dispatch_uid="api-webhooks-published")
        editorial_signals.page_unpublished.connect(signals.page_unpublished, dispatch_uid="api-webhooks-unpublished")
