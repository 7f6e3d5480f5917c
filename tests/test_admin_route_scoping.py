"""Every admin route that takes a model or a record's id, found by walking the URL resolver, tried by the FMI faculty
editor (the demo's `editor.fmi`, a member of the groups made with FMI's section) against the other faculty's record
of every faculty-scoped model and against a record of every office-only model. A route added by a new app is
tried without anyone listing it here.

A route naming the record by id must refuse it (403, 404, 405, or back to the dashboard); a route listing the model
may answer, but never with the record in it. Office-only models are refused on every route."""

import re
from io import StringIO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import models
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.admin.viewsets import viewsets
from wagtail.log_actions import log
from wagtail.permissions import policy_registry

from home.models import Faculty
from home.permissions import FacultyPermissionPolicy, OfficePermissionPolicy

# The argument pairs by which a route takes a model; values for the other text arguments a route may take.
MODEL_ARGUMENTS = [("app_label", "model_name"), ("app_name", "model_name")]
MODEL_ARGUMENTS += [("content_type_app_name", "content_type_model_name")]
TEXT_ARGUMENTS = {"action": "delete", "action_name": "approve", "decision": "approve", "mode": "", "filter_spec": "x"}


def admin_routes():
    """(route, namespace, argument names, pattern) of every admin URL pattern, walking the resolver."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), namespace, set(pattern.pattern.regex.groupindex), pattern

    for route, namespace, arguments, pattern in walk(get_resolver().url_patterns, "", None):
        if route.startswith("admin/"):
            yield route, namespace, arguments, pattern


def viewset_models() -> dict:
    models_by_namespace = {}
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if model is not None and getattr(viewset, "name", None):
            models_by_namespace[viewset.url_namespace] = model
    return models_by_namespace


def guarded_models() -> tuple[list, list]:
    """The faculty-scoped models and the office-only ones, as their registered permission policies say."""
    assert get_resolver().url_patterns  # the admin's viewsets register their models' policies while its URLs load
    scoped, office = [], []
    for model in apps.get_models():
        policy = policy_registry.get_by_type(model, fallback=False)
        if isinstance(policy, FacultyPermissionPolicy):
            scoped.append(model)
        elif isinstance(policy, OfficePermissionPolicy):
            office.append(model)
    return scoped, office


def mark(record) -> str | None:
    """Give the record a text no other record has, in a field its name shows (written without signals), and return
    it; None when its name shows no text field."""
    marker = f"Zqx{record._meta.model_name}{record.pk}"
    for field in record._meta.concrete_fields:
        value = getattr(record, field.attname)
        text = isinstance(field, models.CharField | models.TextField) and not field.choices and value
        if text and str(value) in str(record) and (field.max_length or 100) >= len(marker):
            type(record)._default_manager.filter(pk=record.pk).update(**{field.attname: marker})
            record.refresh_from_db()
            return marker if marker in str(record) else None
    return None


def holds_any_permission(user, model) -> bool:
    codenames = Permission.objects.filter(content_type=ContentType.objects.get_for_model(model))
    return any(
        user.has_perm(f"{model._meta.app_label}.{codename}")
        for codename in codenames.values_list("codename", flat=True)
    )


def linked_id(record, name: str) -> bool:
    """Whether `name` is the id of a record this one links to (`event_id` of a registration)."""
    return name.endswith("_id") and getattr(record, name, None) is not None


def fill(route: str, values: dict) -> str:
    """The address of a route (a path or a regular expression) with its arguments filled in."""

    def value(match):
        return str(values[match.group(1)])

    address = re.sub(r"\(\?P<(\w+)>[^)]*\)", value, route)
    address = re.sub(r"<(?:\w+:)?(\w+)>", value, address)
    return "/" + address.replace("^", "").replace("$", "").replace("\\.", ".")


class AdminRouteScopingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_data", faculties=2, alumni=40, no_index=True, admin_password="x", stdout=StringIO())
        cls.editor = get_user_model().objects.get(username="editor.fmi")
        cls.fmi = Faculty.objects.get(short_name="FMI", locale__language_code="ro")
        cls.scoped, cls.office = guarded_models()
        cls.records = {}  # model: (a record the editor must not see, its marker)
        for model in cls.scoped:
            policy = policy_registry.get_by_type(model)
            faculty = policy.faculty_field
            others = model._default_manager.exclude(**{f"{faculty}__translation_key": cls.fmi.translation_key})
            record = others.exclude(**{f"{faculty}__isnull": True}).order_by("pk").first()
            if record is not None:
                cls.records[model] = (record, mark(record))
        # Office-only for the editor: the models of the office none of whose permissions their groups hold.
        cls.office = [model for model in cls.office if not holds_any_permission(cls.editor, model)]
        for model in cls.office:
            record = model._default_manager.order_by("pk").first()
            if record is not None:
                cls.records[model] = (record, mark(record))
        office = get_user_model().objects.get(username="admin")
        for record, _marker in cls.records.values():
            log(instance=record, action="wagtail.edit", user=office)  # in the site history's report

    maxDiff = None

    def setUp(self):
        self.client.force_login(self.editor)

    def test_the_walk_covers_every_guarded_model_with_a_record(self):
        names = {model._meta.label for model in self.scoped}
        for label in ("alumni.Alumnus", "events.Registration", "gala.Nomination", "protocols.Protocol"):
            self.assertIn(label, names)
        for label in ("office.Synthesis", "office.ActionPlan", "office.MeasureDeadline"):
            self.assertIn(label, names)
        self.assertIn("gala.GalaEvaluation", {model._meta.label for model in self.office})
        self.assertIn("office.CoordinatorMeeting", {model._meta.label for model in self.office})
        missing = [model._meta.label for model in self.scoped if model not in self.records]
        self.assertEqual(missing, [], "the demo data holds no other faculty's record of these")

    def attempts(self, model, record):
        """(route, address, whether it names a record) of every admin route that takes this model, belongs to its
        viewset, or names this record by an id of it (`<model_name>_id`, or a link of the record: `event_id`)."""
        by_namespace = viewset_models()
        own_ids = ("pk", "object_id", f"{model._meta.model_name}_id")
        for route, namespace, arguments, _pattern in admin_routes():
            takes_model = any(app in arguments and name in arguments for app, name in MODEL_ARGUMENTS)
            of_viewset = by_namespace.get(namespace) is model
            ids = arguments - {name for pair in MODEL_ARGUMENTS for name in pair} - set(TEXT_ARGUMENTS)
            # A scoped record's links (a registration's event) name it too; the office's link to pages anyone reads.
            scoped = model in self.scoped
            links = bool(ids) and all(name == own_ids[2] or (scoped and linked_id(record, name)) for name in ids)
            if not (takes_model or of_viewset or links):
                continue
            values = {}
            for name in arguments:
                if name in ("app_label", "app_name", "content_type_app_name"):
                    values[name] = model._meta.app_label
                elif name in ("model_name", "content_type_model_name"):
                    values[name] = model._meta.model_name
                elif name in TEXT_ARGUMENTS:
                    values[name] = TEXT_ARGUMENTS[name]
                elif name in own_ids:
                    values[name] = record.pk
                elif linked_id(record, name):
                    values[name] = getattr(record, name)
                else:
                    values[name] = 1  # another record's id (a revision, a session): the route must still refuse
            yield route, fill(route, values), bool(ids)

    def refusals(self, only_route: str | None = None) -> list[str]:
        """Every route that showed the editor a record it should not have: (route, status) lines."""
        failures = []
        for model, (record, marker) in self.records.items():
            office_only = model in self.office
            for route, address, names_record in self.attempts(model, record):
                if only_route is not None and route != only_route:
                    continue
                response = self.client.get(address, {"id": record.pk})
                body = b"".join(response) if getattr(response, "streaming", False) else response.content
                shown = marker is not None and marker.encode() in body
                if response.status_code == 302:
                    refused = response["Location"] in ("/admin/", "/admin/login/") or "login" in response["Location"]
                else:
                    refused = response.status_code in (400, 403, 404, 405)
                if shown or (not refused and (names_record or office_only)):
                    failures.append(f"{model._meta.label} {address} -> {response.status_code}")
        return failures

    def test_no_admin_route_shows_another_faculty_or_the_office_a_faculty_editor_may_not_see(self):
        self.assertEqual(self.refusals(), [])

    def test_no_admin_page_without_arguments_shows_them_either(self):
        """Reports, search, the dashboard, menus: every admin route that takes nothing, searched for the records'
        markers and exported where it exports."""
        markers = [marker for _record, marker in self.records.values() if marker is not None]
        self.assertGreater(len(markers), len(self.records) // 2)
        failures = []
        for route, _namespace, arguments, _pattern in admin_routes():
            if arguments or "logout" in route or "failwhale" in route:  # signing out; Wagtail's deliberate error
                continue
            for query in ({"q": "Zqx"}, {"q": "Zqx", "export": "csv"}):
                response = self.client.get(fill(route, {}), query)
                body = b"".join(response) if getattr(response, "streaming", False) else response.content
                failures += [f"{route}?{query} shows {marker}" for marker in markers if marker.encode() in body]
        self.assertEqual(failures, [])

    def test_the_walk_fails_when_one_route_is_left_unguarded(self):
        route = "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/"
        pattern = next(pattern for found, _namespace, _arguments, pattern in admin_routes() if found == route)
        guarded = pattern.callback
        pattern.callback = guarded.__wrapped__
        try:
            failures = self.refusals(only_route=route)
        finally:
            pattern.callback = guarded
        leak = "alumni.Alumnus /admin/localize/api/snippets/alumni/alumnus/ -> 200"
        self.assertIn(leak, failures)
