"""The base layer's extension points: how feature apps plug into home without home (or each other) importing them.

Home imports no feature app. A feature app that must add to what home shows or does registers here:

- **Demo data.** An app's `demo.py` defines `load(context: DemoContext)`; `manage.py load_demo_data` imports the
  `demo` module of every installed app, in `INSTALLED_APPS` order (the layer order), and runs each one, all in
  one transaction; then home's finishing step saves the main navigation the loaders asked for.
- **A person's data.** `person_data_requested` asks every app for its part of a person's export (each receiver
  returns `{section name: JSON-ready data}`); `person_erased` tells every app that a person was erased, inside
  the erasure's transaction, so that each deletes what it holds of them.
- **Page panels, header links and feed links** are Wagtail hooks, read by home's template tags:
  - `PAGE_PANELS_HOOK`: `fn(page, request) -> str | None`, HTML sections for the home and faculty pages;
  - `HEADER_LINKS_HOOK`: `fn(request) -> list[Link]`, links in the site header (the alumni account link);
  - `FEED_LINKS_HOOK`: `fn(section, request) -> list[FeedLink]`, the feeds a page advertises (`section` is
    the page's faculty section, or None for the whole portal).
- **Registration prefill.** `REGISTRATION_PREFILL_HOOK`: `fn(request, page) -> dict | None`, initial values for
  the registration form of an event page (an invitation's personal link fills in the person's details). A page
  answered with prefilled personal data is marked `Cache-Control: private, no-store`.
- **Page types under home's pages.** `allow_subpage_types(parent, [child, ...])`, called from an app's `ready()`,
  lets editors create the app's page types under the home page or a faculty page ("app_label.ModelName").
- **Faculty roles.** `FACULTY_ROLE_PERMISSIONS_HOOK`: `fn() -> {"editors": [...], "coordinators": [...]}`, the
  record permissions ("app_label.codename") an app gives each faculty's groups; home.permissions makes the groups
  when a faculty section is created. The records themselves are cut along the faculty by giving their viewset a
  `home.permissions.FacultyPermissionPolicy`.
"""

from __future__ import annotations

import importlib
import importlib.util
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.dispatch import Signal
from wagtail import hooks

if TYPE_CHECKING:
    from datetime import date

    from django.contrib.auth.models import Group
    from django.core.management.base import OutputWrapper
    from django.http import HttpRequest
    from wagtail.models import Locale, Page

    from home.models import FacultyPage, HomePage

PAGE_PANELS_HOOK = "home_page_panels"
HEADER_LINKS_HOOK = "home_header_links"
FEED_LINKS_HOOK = "home_feed_links"
FACULTY_ROLE_PERMISSIONS_HOOK = "home_faculty_role_permissions"
REGISTRATION_PREFILL_HOOK = "home_registration_prefill"

# A person's data --------------------------------------------------------------------------------------------

# Sent with `email` (normalised, may be "") and `person` (the alumnus, or None for someone only known by
# e-mail). Each receiver returns a dict of {section name: JSON-ready value} with what its app holds of them.
person_data_requested = Signal()

# Sent inside the erasure's transaction with `email` and `full_name`; receivers delete what their app holds.
person_erased = Signal()


def collect_person_data(*, email: str, person: Any = None) -> dict[str, Any]:
    """Every app's part of one person's data, by section, in the order the apps were connected."""
    sections: dict[str, Any] = {}
    for _receiver, part in person_data_requested.send(sender=None, email=email or "", person=person):
        sections.update(part or {})
    return sections


def announce_erasure(*, email: str, full_name: str) -> None:
    person_erased.send(sender=None, email=email or "", full_name=full_name or "")


# Page panels, header links, feed links ----------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class FeedLink:
    mime_type: str
    title: str
    url: str


def page_panels(page: Page, request: HttpRequest | None) -> list[str]:
    """The HTML sections that apps add to a home or faculty page, in hook order; empty ones left out."""
    rendered = (panel(page, request) for panel in hooks.get_hooks(PAGE_PANELS_HOOK))
    return [html for html in rendered if html]


def header_links(request: HttpRequest | None) -> list[Link]:
    return [link for fn in hooks.get_hooks(HEADER_LINKS_HOOK) for link in fn(request)]


def feed_links(section: FacultyPage | None, request: HttpRequest | None) -> list[FeedLink]:
    return [link for fn in hooks.get_hooks(FEED_LINKS_HOOK) for link in fn(section, request)]


def registration_prefill(request: HttpRequest, page: Page) -> dict[str, Any]:
    """Initial values for an event page's registration form, from every app that recognises the request."""
    initial: dict[str, Any] = {}
    for fn in hooks.get_hooks(REGISTRATION_PREFILL_HOOK):
        initial.update(fn(request, page) or {})
    return initial


# Page types under home's pages --------------------------------------------------------------------------------


def allow_subpage_types(parent: str, children: Iterable[str]) -> None:
    """Let editors create `children` ("app_label.ModelName") under pages of type `parent` (a home page type);
    each child still says where it may go with its own `parent_page_types`. Call it from `AppConfig.ready()`,
    before the first request reads the allowed types."""
    model = apps.get_model(parent)
    allowed = list(model.subpage_types)
    allowed += [child for child in children if child not in allowed]
    model.subpage_types = allowed


# Demo data --------------------------------------------------------------------------------------------------

DEMO_SEED = 2026


@dataclass(frozen=True)
class NavigationEntry:
    order: int
    page: Page
    label: str = ""


@dataclass
class DemoContext:
    """What one run of `load_demo_data` shares between the apps' demo loaders.

    Home's loader builds the site and fills `romanian`, `english`, `home`, `faculty_pages` and `faculty_groups`
    (each faculty's editor group, by the faculty's short name). The apps after it add their own pages and
    records with `child` and `translate`, give the faculty editors what their admin needs with
    `grant_faculty_editors`, put pages in the main navigation with `add_navigation` and their sign-ins in
    `add_login`. Then home's finishing step saves the navigation in order, and the command prints the logins.
    Before each loader the command reseeds factory_boy (and the Faker its factories use) by app label, so the
    app's factories draw the same values on every run.
    """

    stdout: OutputWrapper
    options: dict[str, Any]
    today: date
    password: str
    seed: int = DEMO_SEED
    romanian: Locale | None = None
    english: Locale | None = None
    home: HomePage | None = None
    faculty_pages: list[FacultyPage] = field(default_factory=list)
    faculty_groups: dict[str, Group] = field(default_factory=dict)
    navigation: list[NavigationEntry] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    _rngs: dict[str, random.Random] = field(default_factory=dict)

    def rng(self, name: str) -> random.Random:
        """A random generator of the caller's own, seeded by name: one app's demo changes leave the others alone."""
        if name not in self._rngs:
            self._rngs[name] = random.Random(f"{self.seed}-{name}")  # noqa: S311 - demo data, not security
        return self._rngs[name]

    def seed_factories(self, name: str) -> None:
        """Reseed factory_boy's shared generator, which its `factory.Faker` and random declarations draw from."""
        import factory.random

        factory.random.reseed_random(f"{self.seed}-{name}")

    def add_navigation(self, page: Page, label: str = "", order: int = 100) -> None:
        """Put a page in the main navigation; entries are saved by `order` (home 0, news 10, calendar 20,
        directory 30, join 40, strategy 50, contact 60), then in the order they were added."""
        self.navigation.append(NavigationEntry(order, page, label))

    def add_login(self, line: str) -> None:
        """A sign-in line printed when the demo is ready ("… user: NAME  password: …")."""
        self.logins.append(line)

    def grant_faculty_editors(self, app_label: str, codenames: Iterable[str]) -> None:
        """Give every faculty editor group these model permissions of an app (the admin scopes them by faculty)."""
        from django.contrib.auth.models import Permission

        permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=list(codenames))
        for group in self.faculty_groups.values():
            group.permissions.add(*permissions)

    def child(self, parent: Page, factory: Any, slug: str, *, after: Page | None = None, **fields) -> Page:
        """The child page of `parent` with this slug, or a new one built by the page factory from `fields`, placed
        after the sibling `after` if given (else last), and published."""
        model = factory._meta.model
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is not None:
            return page
        if after is None:
            page = factory(parent=parent, slug=slug, **fields)
        else:
            page = factory.build(slug=slug, **fields)
            after.add_sibling("right", instance=page)
        page.save_revision().publish()
        return page

    def translate(self, page: Page, **fields) -> Page:
        """The English translation of a page, created and published once, with `fields` set on it."""
        from home.factories import translate

        return translate(page, self.english, **fields)


def demo_loaders() -> Iterator[tuple[str, Callable[[DemoContext], None]]]:
    """(app label, load function) of every installed app with a `demo` module, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        yield config.label, module.load
