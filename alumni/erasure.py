"""Erasing a person: every trace of their data goes; an anonymous row (faculty, status "erased") stays counted.

Other apps that hold personal data keyed by e-mail (event registrations, ...) listen to home's `person_erased`.
"""

import json
import re

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import ModelLogEntry, PageLogEntry, Revision
from wagtail.search import index

from alumni import name_search
from alumni.accounts import forget_sign_in_failures
from alumni.consents import CONSENT_FIELDS
from alumni.directory import counts as directory_counts
from alumni.models import HELP_OFFER_FIELDS, Alumnus
from home.extensions import announce_erasure

REDACTED = "[șters]"

_PERSONAL_FIELDS_TO_BLANK = [
    "first_name",
    "last_name",
    "phone",
    "study_cycle",
    "programme",
    "employer",
    "job_title",
    "sector",
    "city",
    "country",
    "bio",
    "linkedin_url",
    "rejection_reason",
    "sort_key",
    "folded_name",
]


def _redact(value, needles: list[str]):
    """`value` (text, or JSON made of lists and dicts) with each needle replaced where it stands as whole words:
    erasing "Ana Pop" must not touch "Ioana Popescu"."""
    if isinstance(value, str):
        for needle in needles:
            value = re.sub(rf"(?<!\w){re.escape(needle)}(?!\w)", REDACTED, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, list):
        return [_redact(item, needles) for item in value]
    if isinstance(value, dict):
        return {key: _redact(item, needles) for key, item in value.items()}
    return value


def _original_strings(alumnus: Alumnus) -> list[str]:
    return [alumnus.email or "", alumnus.full_name, f"{alumnus.last_name} {alumnus.first_name}".strip()]


def identifying_strings(alumnus: Alumnus) -> list[str]:
    """The strings that identify this person in free text: e-mail and full name (both name orders)."""
    return [needle.casefold() for needle in dict.fromkeys(_original_strings(alumnus)) if len(needle) >= 5]


@transaction.atomic
def erase(alumnus: Alumnus, *, requested_by_person: bool = True) -> Alumnus:
    """Remove the person's data everywhere this site keeps it. Idempotent."""
    alumnus = Alumnus.objects.select_for_update().get(pk=alumnus.pk)
    if alumnus.status == Alumnus.Status.ERASED:
        return alumnus
    needles = identifying_strings(alumnus)
    # The database match also tries the spelling as typed: JSON escapes of Ș and ș differ in case.
    search_strings = list(dict.fromkeys([*needles, *(s for s in _original_strings(alumnus) if len(s) >= 5)]))
    email, full_name = alumnus.email, alumnus.full_name

    index.remove_object(alumnus)
    photo = alumnus.photo
    alumnus.communities.clear()
    alumnus.consents.all().delete()
    if hasattr(alumnus, "account"):
        alumnus.account.delete()
    if alumnus.email:
        forget_sign_in_failures(alumnus.email)

    for field_name in _PERSONAL_FIELDS_TO_BLANK:
        setattr(alumnus, field_name, "")
    alumnus.email = None
    alumnus.graduation_year = None
    alumnus.photo = None
    alumnus.visibility = {}
    for field_name in (*CONSENT_FIELDS.values(), *HELP_OFFER_FIELDS.values()):
        setattr(alumnus, field_name, False)
    alumnus.status = Alumnus.Status.ERASED
    alumnus.updated_at = timezone.now()
    # Save without the derived-field refresh that would rebuild the name keys.
    blanked = {
        field.attname: getattr(alumnus, field.attname)
        for field in Alumnus._meta.concrete_fields
        if not field.generated  # the database recomputes the directory's stored columns
    }
    blanked.pop("id")
    with directory_counts.track([alumnus.pk]):  # an update() sends no signal
        Alumnus.objects.filter(pk=alumnus.pk).update(**blanked)
    name_search.refresh([alumnus.pk])
    if photo is not None:
        photo.delete()

    content_type = ContentType.objects.get_for_model(Alumnus)
    ModelLogEntry.objects.filter(content_type=content_type, object_id=str(alumnus.pk)).delete()

    if email:
        # A submission is the person's when it carries their address; a name alone may be someone else's.
        FormSubmission.objects.filter(mentioning("form_data", [email, email.casefold()])).delete()
    if needles:
        revisions_q = mentioning("content", search_strings)
        for text in search_strings:
            revisions_q |= Q(object_str__icontains=text)
        for revision in Revision.objects.filter(revisions_q):
            content, object_str = _redact(revision.content, needles), _redact(revision.object_str, needles)
            if (content, object_str) != (revision.content, revision.object_str):
                revision.content, revision.object_str = content, object_str
                revision.save(update_fields=["content", "object_str"])
        labels = Q()
        for text in search_strings:
            labels |= Q(label__icontains=text)
        for log_model in (ModelLogEntry, PageLogEntry):
            for entry in log_model.objects.filter(labels):
                redacted = _redact(entry.label, needles)
                if redacted != entry.label:
                    log_model.objects.filter(pk=entry.pk).update(label=redacted)

    announce_erasure(email=email or "", full_name=full_name)
    return alumnus


def _json_text_variants(needle: str) -> set[str]:
    # SQLite keeps JSON with non-ASCII letters escaped (\u0219); PostgreSQL's jsonb keeps them as they are.
    return {needle, json.dumps(needle)[1:-1]}


def mentioning(field_name: str, needles: list[str]) -> Q:
    matches = Q()
    for needle in needles:
        for variant in _json_text_variants(needle):
            matches |= Q(**{f"{field_name}__icontains": variant})
    return matches
