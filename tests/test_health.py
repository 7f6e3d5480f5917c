"""/health/ (liveness) and /health/ready/ (readiness: database, both caches, storage, the task queue)."""

import datetime

from django.conf import settings
from django.test import TestCase, override_settings
from django.utils import timezone
from health_check.exceptions import ServiceWarning

from config.health import TaskQueue
from home.page_cache import PAGE_CACHE_ALIAS

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(RATE_LIMITS_ENABLED=False)
class HealthTests(TestCase):
    def test_liveness_answers_without_the_database(self):
        with self.assertNumQueries(0):
            response = self.client.get("/health/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-cache", response["Cache-Control"])

    def test_readiness_checks_every_part(self):
        response = self.client.get("/health/ready/")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response["Content-Type"], "application/json")
        names = " ".join(response.json())
        for part in ("Database", "Cache", PAGE_CACHE_ALIAS, "Storage", "TaskQueue"):
            self.assertIn(part, names)
        self.assertTrue(all(status == "OK" for status in response.json().values()), response.json())

    def test_a_broken_cache_makes_the_site_not_ready(self):
        unreachable = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
        with override_settings(CACHES={**settings.CACHES, PAGE_CACHE_ALIAS: unreachable}):
            response = self.client.get("/health/ready/")
        self.assertEqual(response.status_code, 503)
        failing = {name: status for name, status in response.json().items() if status != "OK"}
        self.assertEqual(len(failing), 1, response.json())
        self.assertIn(PAGE_CACHE_ALIAS, next(iter(failing)))

    @override_settings(TASKS=DB_TASKS)
    def test_a_queue_nobody_takes_tasks_from_is_reported(self):
        from django_tasks_db.models import DBTaskResult

        TaskQueue().run()  # an empty queue is fine
        DBTaskResult.objects.create(
            task_path="newsletters.tasks.send_mailing",
            args_kwargs={"args": [], "kwargs": {}},
            backend_name="default",
            queue_name="default",
            run_after=timezone.now() - datetime.timedelta(hours=1),
        )
        DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=30))
        # (Called here: the view runs its checks on other threads, outside this test's transaction.)
        with self.assertRaisesMessage(ServiceWarning, "is a worker running?"):
            TaskQueue().run()
        TaskQueue(max_wait=datetime.timedelta(hours=1)).run()

    @override_settings(RATE_LIMITS_ENABLED=True, RATE_LIMITS={"health": "2/60"})
    def test_readiness_probes_are_rate_limited(self):
        statuses = [self.client.get("/health/ready/").status_code for _ in range(3)]
        self.assertEqual(statuses[-1], 429)
