"""Health and readiness for load balancers and orchestrators (django-health-check).

    GET /health/        the process answers (liveness): no database, no cache, nothing that can be slow
    GET /health/ready/  it can serve (readiness): the database, both caches (the default and the page cache), media
                        storage, the task queue and (with ELASTICSEARCH_URL) the search engine; 200 with each
                        check's status as JSON, or 503 naming the failing one (also JSON when the view itself fails)

Losing Redis or the search engine does not stop the site (pages are served uncached, home/redis_cache.py; the
site search answers from the database, search/elastic/resilient.py), but readiness says so: 503, naming the
cache alias or the search engine, so that monitoring sees it. The front cache's probe and liveness checks should
use /health/, which answers 200 as long as the process runs.

The task queue is ready when a worker keeps up: with Django's database task backend, no task ready to run has
waited longer than TASK_QUEUE_MAX_WAIT (a worker that died leaves them waiting). That is a warning, not a failure:
the app servers still serve pages, so a load balancer keeps them; the report says to look at the worker. The
immediate backend (tests, development) runs tasks inside the request and is always ready.
"""

import asyncio
import dataclasses
import datetime
import logging

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from health_check import checks
from health_check.base import HealthCheck
from health_check.checks import Database, Storage
from health_check.exceptions import ServiceUnavailable, ServiceWarning
from health_check.views import HealthCheckView

from home.page_cache import PAGE_CACHE_ALIAS
from home.ratelimit import RateLimited, check_request
from home.redis_cache import RedisUnavailable

logger = logging.getLogger(__name__)

TASK_QUEUE_MAX_WAIT = datetime.timedelta(minutes=5)


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """Tasks are taken: the oldest task ready to run has waited at most `max_wait`."""

    max_wait: datetime.timedelta = TASK_QUEUE_MAX_WAIT

    def run(self):
        backend = settings.TASKS["default"]["BACKEND"]
        if not backend.startswith("django_tasks_db."):
            return
        from django_tasks_db.models import DBTaskResult

        try:
            oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        except Exception as error:  # noqa: BLE001 - any database error means the queue cannot be read
            raise ServiceUnavailable("The task queue cannot be read") from error
        if oldest is not None and timezone.now() - oldest > self.max_wait:
            minutes = int((timezone.now() - oldest).total_seconds() // 60)
            raise ServiceWarning(f"A task has waited {minutes} minutes: is a worker running?")


@dataclasses.dataclass
class Cache(checks.Cache):
    """django-health-check's cache check (same name in the report), which first reaches Redis directly: the Redis
    cache fails open (home/redis_cache.py), so its own set and get would only say that a key did not match."""

    async def run(self):
        backend = caches[self.alias]
        if hasattr(backend, "ping"):
            try:
                await asyncio.get_running_loop().run_in_executor(None, backend.ping)
            except RedisUnavailable as error:
                raise ServiceUnavailable(str(error)) from error
        await super().run()


@dataclasses.dataclass
class SearchEngine(HealthCheck):
    """Elasticsearch answers (with ELASTICSEARCH_URL set; the database backend needs no check of its own)."""

    def run(self):
        if not settings.ELASTICSEARCH_URL:
            return
        from search.elastic.resilient import ping

        try:
            ping()
        except Exception as error:  # noqa: BLE001 - any failure to reach it means the same to a probe
            raise ServiceUnavailable(
                f"The search engine is unreachable ({type(error).__name__}); the site search answers from the database"
            ) from error


READINESS_CHECKS = (
    Database,
    Cache,
    (Cache, {"alias": PAGE_CACHE_ALIAS}),
    Storage,
    TaskQueue,
    SearchEngine,
)
NOT_READY = 503


class ReadinessView(HealthCheckView):
    """Every check, always as JSON (the view's HTML needs a template app this site does not install), with 503
    when one fails: the server cannot serve everything, which is not an error of this request."""

    checks = READINESS_CHECKS

    async def get(self, request, *args, **kwargs):
        try:
            check_request(request, "health")  # each probe writes to the caches and the storage: bounded per client
            request.GET = request.GET.copy()
            request.GET["format"] = "json"
            return await super().get(request, *args, **kwargs)
        except RateLimited:
            raise
        except Exception as error:  # noqa: BLE001 - a probe must get an answer it can read, never an HTML 500
            logger.exception("The readiness checks failed")
            return JsonResponse({"readiness": f"The checks could not run ({type(error).__name__})"}, status=NOT_READY)

    def render_to_response_json(self, status):
        return super().render_to_response_json(NOT_READY if status >= 500 else status)


@never_cache
def liveness(request):
    return HttpResponse(b"ok\n", content_type="text/plain")


readiness = ReadinessView.as_view()
