from itertools import groupby

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from articles.models import Article
from conditions.models import Condition
from editorial import public_fields
from editorial.models import Contributor
from editorial.views import DraftPreviewView

# The condition's own columns its page shows.
PAGE_FIELDS = ("name", "slug", "also_known_as", "summary", "body", "meta_description")


def condition_page_queryset():
    """Return live conditions with everything the condition page shows, in a fixed number of queries."""
    return (
        Condition.objects.live()
        # Only what the page shows: the draft and the search vector are neither read nor parsed.
        .only(*PAGE_FIELDS, *public_fields.REVIEWED_CONTENT)
        .select_related("live_reviewed_by")
        .prefetch_related(
            Prefetch("authors", queryset=Contributor.objects.only(*public_fields.BYLINE)),
            "sources",
            Prefetch("articles", queryset=Article.objects.live().only("title", "slug", "live_status")),
        )
    )


class ConditionIndexView(ListView):
    template_name = "conditions/condition_index.html"

    def get_queryset(self):
        return Condition.objects.live().only("name", "slug", "also_known_as", "summary")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["letters"] = [
            (letter, list(items)) for letter, items in groupby(context["object_list"], lambda c: c.initial)
        ]
        return context


class ConditionDetailView(DetailView):
    def get_queryset(self):
        return condition_page_queryset()


class ConditionPreviewView(DraftPreviewView):
    queryset = Condition.objects.select_related("live_reviewed_by")
