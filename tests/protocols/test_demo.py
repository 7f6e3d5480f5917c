"""The protocols' demo: every lifecycle stage, weak points with volunteers, activities tied to demo events, the
public page (in the navigation) listing the active ones; safe to run again."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from home.models import SiteSettings
from protocols.models import Protocol, ProtocolActivity, ProtocolEvaluation, ProtocolIndexPage, WeakPoint
from tests.clock import LEAP_DAY, frozen


@frozen(LEAP_DAY)
class ProtocolDemoTests(TestCase):
    def load(self):
        call_command(
            "load_demo_data", faculties=2, alumni=300, no_index=True, admin_password="demo-pass", stdout=StringIO()
        )

    def test_the_demo_shows_every_stage_and_the_public_page(self):
        self.load()
        stages = set(Protocol.objects.values_list("stage", flat=True))
        self.assertEqual(stages, set(Protocol.Stage.values))
        self.assertFalse(Protocol.objects.filter(stage="draft", live=True).exists())
        self.assertTrue(Protocol.objects.filter(stage="active", live=True).exists())
        self.assertEqual(ProtocolEvaluation.objects.count(), Protocol.objects.filter(stage="evaluated").count())
        self.assertTrue(WeakPoint.objects.filter(volunteers__isnull=False).exists())
        self.assertTrue(ProtocolActivity.objects.filter(event__isnull=False).exists())
        self.assertFalse(Protocol.objects.filter(stage__in=["registered", "active"], registration_number="").exists())
        page = ProtocolIndexPage.objects.get(locale__language_code="ro")
        self.assertTrue(ProtocolIndexPage.objects.filter(locale__language_code="en").exists())
        settings = SiteSettings.objects.first()
        self.assertIn(page.pk, [block.value["page"].pk for block in settings.navigation if block.value.get("page")])
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        active = Protocol.objects.filter(stage="active", live=True).first()
        self.assertContains(response, active.title)
        self.assertNotContains(response, active.registration_number)
        count = Protocol.objects.count()
        self.load()
        self.assertEqual(Protocol.objects.count(), count)
