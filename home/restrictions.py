"""A page's privacy covers its translations.

Wagtail keeps view restrictions per page, and a translation is another page in another tree: restricting the
Romanian page left its English translation public (in search, the sitemap, menus, feeds, the API and listings,
which all ask `.public()`). Here a restriction is mirrored onto every translation of the page when it is saved,
changed or removed, and a page translated later takes the restrictions of the page it translates. Mirrored rows
are ordinary `PageViewRestriction`s, so every surface that respects Wagtail's restrictions respects these too.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction


def _translations(page: Page):
    return Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk)


def _copy_onto(restriction: PageViewRestriction, page: Page) -> None:
    copy = PageViewRestriction.objects.filter(page=page).first() or PageViewRestriction(page=page)
    if copy.pk and (copy.restriction_type, copy.password) == (restriction.restriction_type, restriction.password):
        same_groups = set(copy.groups.values_list("pk", flat=True)) == set(
            restriction.groups.values_list("pk", flat=True)
        )
        if same_groups:
            return
    copy.restriction_type, copy.password = restriction.restriction_type, restriction.password
    copy._mirrored = True
    copy.save()
    copy.groups.set(restriction.groups.all())


def mirror_restriction(sender, instance: PageViewRestriction, **kwargs) -> None:
    if getattr(instance, "_mirrored", False) or kwargs.get("raw"):
        return
    with transaction.atomic():  # a restriction and its copies change together
        for page in _translations(instance.page):
            _copy_onto(instance, page)


def mirror_groups(sender, instance, action, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, PageViewRestriction):
        mirror_restriction(PageViewRestriction, instance)


def remove_mirrored(sender, instance: PageViewRestriction, **kwargs) -> None:
    if getattr(instance, "_mirrored", False):
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:  # the page itself is being deleted
        return
    for restriction in PageViewRestriction.objects.filter(page__in=_translations(page)):
        restriction._mirrored = True
        restriction.delete()


def restrict_new_translation(sender, instance, created: bool, **kwargs) -> None:
    """A page created as a translation of a restricted page is restricted the same way from the start."""
    if not created or kwargs.get("raw") or not isinstance(instance, Page):
        return
    source = (
        PageViewRestriction.objects.filter(page__translation_key=instance.translation_key)
        .exclude(page_id=instance.pk)
        .order_by("pk")
        .first()
    )
    if source is not None:
        _copy_onto(source, instance)


def connect_signals() -> None:
    from django.apps import apps

    post_save.connect(mirror_restriction, sender=PageViewRestriction, dispatch_uid="home.mirror_restriction")
    post_delete.connect(remove_mirrored, sender=PageViewRestriction, dispatch_uid="home.remove_mirrored")
    m2m_changed.connect(mirror_groups, sender=PageViewRestriction.groups.through, dispatch_uid="home.mirror_groups")
    # Every concrete page model: post_save is sent with the specific class as the sender.
    for model in apps.get_models():
        if issubclass(model, Page):
            post_save.connect(restrict_new_translation, sender=model, dispatch_uid=f"home.restrict_{model._meta.label}")
