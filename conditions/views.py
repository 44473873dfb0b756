from itertools import groupby

from django.views.generic import ListView

from articles.models import Article
from conditions.models import Condition, ConditionSource
from editorial import public_fields
from editorial.models import Contributor
from editorial.prepared import LivePageQuery
from editorial.views import DraftPreviewView, LivePageView

# Everything the condition page shows, in one query whose SQL is built once per process.
CONDITION_PAGE = LivePageQuery(
    Condition,
    fields=("name", "slug", "also_known_as", "summary", "body", "meta_description") + public_fields.REVIEW_FACTS,
    joined={"live_reviewed_by": public_fields.BYLINE},
    lists={
        "authors": (Contributor.objects.all(), public_fields.BYLINE),
        "sources": (ConditionSource.objects.all(), public_fields.SOURCE),
        "articles": (Article.objects.live(), ("title", "slug", "live_status")),
    },
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


class ConditionDetailView(LivePageView):
    model = Condition
    page_query = CONDITION_PAGE


class ConditionPreviewView(DraftPreviewView):
    queryset = Condition.objects.select_related("live_reviewed_by")
