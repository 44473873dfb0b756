from django.apps import AppConfig
from django.db.models import Model


class WebsiteConfig(AppConfig):
    name = "website"

    def ready(self):
        from django.core.signals import got_request_exception
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_save

        from articles.models import Article, Topic
        from caching import content as content_cache
        from conditions.models import Condition
        from editorial import signals as editorial_signals
        from editorial.models import Affiliation, Contributor, Education
        from library.models import Image
        from pages.models import Block, SitePage
        from website import middleware, renditions, search, signals

        # What a cached page shows is recorded as the tags of the instances of these it loads (caching.content).
        content_cache.record_instances_of(Article, Topic, Condition, Contributor, SitePage, Block, Image)
        # What the review workflow announces: a redirect from a page's old address, the warming of the pages
        # a publish or unpublish changed (both in its transaction) and, once it commits, stale cached pages
        # (those that show what it touched), then a front cache purged by the same tags.
        editorial_signals.slug_changed.connect(signals.record_redirect, dispatch_uid="website-redirect")
        editorial_signals.page_published.connect(signals.warm_pages, dispatch_uid="website-warm-published")
        editorial_signals.page_unpublished.connect(signals.warm_pages, dispatch_uid="website-warm-unpublished")
        editorial_signals.public_content_changed.connect(signals.invalidate_page_cache, dispatch_uid="website-cache")
        content_cache.tags_changed.connect(signals.purge_front_cache, dispatch_uid="website-front-cache")
        # The other edits visitors can see: contributor profiles, topic names, and pages deleted in the admin.
        saved = content_cache.content_saved
        model: type[Model]  # the loops below go over different model classes
        for model in (Contributor, Topic):
            post_save.connect(saved, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}")
        for model in (Contributor, Topic, Article, Condition, SitePage, Block):
            post_delete.connect(saved, sender=model, dispatch_uid=f"page-cache-delete-{model.__name__}")
        # A contributor's education and affiliations show on their profile page only.
        for model in (Education, Affiliation):
            post_save.connect(signals.profile_part_saved, sender=model, dispatch_uid=f"profile-save-{model.__name__}")
            post_delete.connect(
                signals.profile_part_saved, sender=model, dispatch_uid=f"profile-delete-{model.__name__}"
            )
        got_request_exception.connect(middleware.note_database_error, dispatch_uid="database-unavailable")
        # Uploaded images are resized by the worker, ahead of the first page that shows them.
        post_save.connect(renditions.image_saved, sender=Image, dispatch_uid="renditions-library-image")
        # ...and their renditions deleted with them (on S3 too: nothing else would remove them from the bucket).
        post_delete.connect(renditions.image_deleted, sender=Image, dispatch_uid="renditions-library-image-delete")
        # A picture's new alt text or file shows on every page using it (each records the pictures it loads).
        post_save.connect(saved, sender=Image, dispatch_uid="page-cache-save-library-image")
        connection_created.connect(search.set_typo_threshold, dispatch_uid="search-typo-threshold")
