"""Factories for home's models (faculties and the base pages), shared by the tests, the demo data and the benchmarks.

Built on factory_boy and wagtail-factories; `factory.Faker` values come from factory_boy's shared generator, which
the demo reseeds per app (`DemoContext.seed_factories`). Page factories take `parent=`; without it they make a
new tree root, which is never what a test of this site wants: use `site_home()`.
"""

from __future__ import annotations

import datetime

import factory
import wagtail_factories
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Locale, Page, Site

from home.models import ArticleIndexPage, ArticlePage, Faculty, FacultyPage, HomePage, StandardPage


def romanian_locale() -> Locale:
    return Locale.objects.get(language_code="ro")


def english_locale() -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


def site_home() -> HomePage:
    """The home page the migrations created as the default site's root."""
    return Site.objects.get(is_default_site=True).root_page.specific


def translate(page: Page, locale: Locale | None = None, **fields) -> Page:
    """The translation of a page (English unless `locale` says otherwise), with `fields` set on it: created once,
    with its untranslated ancestors, among its siblings where the source page stands, and published."""
    locale = locale or english_locale()
    translation = page.get_translation_or_none(locale)
    if translation is not None:
        return translation
    translation = page.copy_for_translation(locale, copy_parents=True)
    previous = page.get_prev_sibling()
    neighbour = previous.get_translation_or_none(locale) if previous is not None else None
    placed_after = translation.get_prev_sibling()
    if neighbour is not None and (placed_after is None or placed_after.pk != neighbour.pk):
        translation.move(neighbour, pos="right")
        translation = type(translation).objects.get(pk=translation.pk)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def translate_snippet(instance, locale: Locale | None = None, **fields):
    """The translation of a translatable model that is not a page (a faculty, a type, a community), with `fields`
    set on it: created once."""
    locale = locale or english_locale()
    translation = instance.get_translation_or_none(locale)
    if translation is None:
        translation = instance.copy_for_translation(locale)
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save()
    return translation


def faculty_editor_group(
    faculty_page: FacultyPage, *permissions: Permission, page_permissions=("change_page",)
) -> Group:
    """The faculty's editor group ("Editori FMI"), found or made: admin access, these model permissions, and
    `page_permissions` (wagtailcore codenames) on the faculty's section of the page tree."""
    group, _ = Group.objects.get_or_create(name=f"Editori {faculty_page.faculty.short_name}")
    group.permissions.add(Permission.objects.get(codename="access_admin"), *permissions)
    for permission in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=page_permissions):
        GroupPagePermission.objects.get_or_create(group=group, page=faculty_page, permission=permission)
    return group


class FacultyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faculty

    name = factory.Sequence(lambda n: f"Facultatea de Științe {n}")
    short_name = factory.Sequence(lambda n: f"F{n}")
    accent_colour = "#1f4e8c"
    coordinator_name = factory.Faker("name", locale="ro_RO")
    coordinator_role = "Responsabil alumni"
    coordinator_email = factory.Sequence(lambda n: f"alumni{n}@example.ro")
    coordinator_phone = "+40 264 405 300"
    locale = factory.LazyFunction(romanian_locale)


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Alumni"
    introduction = "Comunitatea absolvenților."


class FacultyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = FacultyPage

    title = factory.Sequence(lambda n: f"Facultatea {n}")
    faculty = factory.SubFactory(FacultyFactory)
    introduction = "Comunitatea alumni a facultății."


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Pagina {n}")
    introduction = "O pagină de conținut."


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticleIndexPage

    title = "Noutăți"


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Articol {n}")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300))
    introduction = "Un articol despre absolvenți."
    image = factory.SubFactory(wagtail_factories.ImageFactory, file__width=1600, file__height=900)


def two_faculty_sections(cls) -> None:
    """On a TestCase class: the sections of two faculties under the home page, as `fmi_page` and `litere_page`,
    with their faculties as `fmi` and `litere` (the scoping and joining tests cut along them)."""
    home = site_home()
    cls.fmi_page = FacultyPageFactory(parent=home, faculty__name="Facultatea de Matematică și Informatică")
    cls.litere_page = FacultyPageFactory(parent=home, faculty__name="Facultatea de Litere")
    cls.fmi, cls.litere = cls.fmi_page.faculty, cls.litere_page.faculty
