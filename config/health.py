"""Health and readiness for load balancers and orchestrators (django-health-check).

    GET /health/        the process answers (liveness): no database, no cache, nothing that can be slow
    GET /health/ready/  it can serve (readiness): the database, both caches (the default and the page cache), media
                        storage and the task queue; 200 with each check's status as JSON, or 500 naming the failing one

The task queue is ready when a worker keeps up: with Django's database task backend, no task ready to run has
waited longer than TASK_QUEUE_MAX_WAIT (a worker that died leaves them waiting). That is a warning, not a failure:
the app servers still serve pages, so a load balancer keeps them; the report says to look at the worker. The
immediate backend (tests, development) runs tasks inside the request and is always ready.
"""

import dataclasses
import datetime

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable, ServiceWarning
from health_check.views import HealthCheckView

from home.page_cache import PAGE_CACHE_ALIAS
from home.ratelimit import check_request

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


READINESS_CHECKS = (
    Database,
    Cache,
    (Cache, {"alias": PAGE_CACHE_ALIAS}),
    Storage,
    TaskQueue,
)


class ReadinessView(HealthCheckView):
    """Every check, always as JSON (the view's HTML needs a template app this site does not install)."""

    checks = READINESS_CHECKS

    async def get(self, request, *args, **kwargs):
        check_request(request, "health")  # each probe writes to the caches and the storage: bounded per client
        request.GET = request.GET.copy()
        request.GET["format"] = "json"
        return await super().get(request, *args, **kwargs)


@never_cache
def liveness(request):
    return HttpResponse(b"ok\n", content_type="text/plain")


readiness = ReadinessView.as_view()
