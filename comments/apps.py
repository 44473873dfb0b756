from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Review comments"

    def ready(self) -> None:
        from comments import models
        from editorial import review_comments

        # editorial's queues and request-changes form read open comments through this; it cannot import comments.
        review_comments.register(
            review_comments.CommentSource(
                open_counts=models.open_counts, open_threads=models.open_threads, quoted=models.quoted_open
            )
        )
