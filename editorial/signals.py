"""What the review workflow announces; the apps above editorial subscribe (docs/architecture.md, "Layers").

As Wagtail's ``page_published`` and pretix's ``order_approved``: editorial says what happened and does not
know who listens, so it imports no app above it. Each is sent by ``editorial/workflow.py`` with ``sender``
the page's model class and ``instance`` the page; receivers connect in their app's ``AppConfig.ready()``.
When each is sent is part of its contract: a receiver that writes to the database joins the transition's
transaction (a failure undoes the transition), one that does other I/O listens to the on-commit signal.
"""

from django.dispatch import Signal

# Inside the publishing transaction, when the approved draft has been copied onto the live columns under a
# slug other than the last published one, before the new Revision is written. Also sent: ``old_slug``.
# website records the redirect from the old address here, so it commits or rolls back with the publication.
slug_changed = Signal()

# Inside the transaction, once the page is live (or taken down) and its ReviewEvent is written; also sent:
# ``event``. website queues the warming of the page cache here (the task joins the transaction).
page_published = Signal()
page_unpublished = Signal()

# After the transaction that changed what visitors see has committed (a publish or an unpublish, by hand or
# by schedule). website makes every cached page stale here: never for a change that was rolled back.
public_content_changed = Signal()
