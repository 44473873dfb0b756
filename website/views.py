from django.db import connection
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, TemplateView

from articles.models import Article
from conditions.models import Condition
from editorial.models import Contributor


class HomeView(TemplateView):
    template_name = "website/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            featured_articles=Article.objects.live().select_related("topic")[:3],
            conditions=Condition.objects.live().only("name", "slug", "summary"),
            **kwargs,
        )


class ContributorView(DetailView):
    queryset = Contributor.objects.prefetch_related(
        Prefetch("articles", queryset=Article.objects.live()),
        Prefetch("conditions", queryset=Condition.objects.live()),
    )
    template_name = "website/contributor_detail.html"

    def get_context_data(self, **kwargs):
        reviewed = Article.objects.live().filter(live_reviewed_by=self.object)
        reviewed_conditions = Condition.objects.live().filter(live_reviewed_by=self.object)
        return super().get_context_data(reviewed=list(reviewed) + list(reviewed_conditions), **kwargs)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@never_cache
@require_GET
def healthz(request):
    """Tell a load balancer whether this process can reach the database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
