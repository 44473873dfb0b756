from django.apps import AppConfig
from django.db.models import Model


class WebsiteConfig(AppConfig):
    name = "website"

    def ready(self):
        from django.core.signals import got_request_exception
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_save

        from articles.models import Article, Topic
        from caching.content import content_saved
        from conditions.models import Condition
        from editorial import signals as editorial_signals
        from editorial.models import Contributor
        from library.models import Image
        from website import middleware, renditions, search, signals

        # What the review workflow announces: a redirect from a page's old address, the warming of the pages
        # a publish or unpublish changed (both in its transaction) and, once it commits, a stale page cache.
        editorial_signals.slug_changed.connect(signals.record_redirect, dispatch_uid="website-redirect")
        editorial_signals.page_published.connect(signals.warm_pages, dispatch_uid="website-warm-published")
        editorial_signals.page_unpublished.connect(signals.warm_pages, dispatch_uid="website-warm-unpublished")
        editorial_signals.public_content_changed.connect(signals.invalidate_page_cache, dispatch_uid="website-cache")
        # The other edits visitors can see: contributor profiles, topic names, and pages deleted in the admin.
        model: type[Model]  # the loops below go over different model classes
        for model in (Contributor, Topic):
            post_save.connect(content_saved, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}")
        for model in (Contributor, Topic, Article, Condition):
            post_delete.connect(content_saved, sender=model, dispatch_uid=f"page-cache-delete-{model.__name__}")
        got_request_exception.connect(middleware.note_database_error, dispatch_uid="database-unavailable")
        # Uploaded images are resized by the worker, ahead of the first page that shows them.
        post_save.connect(renditions.image_saved, sender=Image, dispatch_uid="renditions-library-image")
        # A picture's new alt text or file shows on every page using it.
        post_save.connect(content_saved, sender=Image, dispatch_uid="page-cache-save-library-image")
        connection_created.connect(search.set_typo_threshold, dispatch_uid="search-typo-threshold")
