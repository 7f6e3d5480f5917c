"""Everything the site holds about one person, for their own download (JSON and CSV).

This is the person's export of their own data, so it reads every field: it is not a surface for anyone else.
The other apps add their part (event registrations, ...) through home's `person_data_requested`.
"""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder

from alumni.models import Alumnus
from home.exports import csv_safe
from home.extensions import collect_person_data

_SKIPPED_FIELDS = {"sort_key", "folded_name"}  # derived from the name, for sorting; the name itself is exported


def personal_data(alumnus: Alumnus) -> dict:
    person = {}
    for field in Alumnus._meta.concrete_fields:
        if field.name in _SKIPPED_FIELDS or field.generated:  # the directory's stored columns repeat the fields
            continue
        value = getattr(alumnus, field.attname)
        if field.name == "faculty":
            value = alumnus.faculty.name
        elif field.name == "photo":
            value = alumnus.photo.file.url if alumnus.photo_id and alumnus.photo else None
        person[field.name] = value
    account = getattr(alumnus, "account", None)
    return {
        "person": person,
        "communities": [{"id": c.pk, "name": c.name, "slug": c.slug} for c in alumnus.communities.order_by("sort_key")],
        "consents": [
            {
                "purpose": consent.purpose,
                "given": consent.given,
                "at": consent.at,
                "source": consent.source,
                "text": consent.text,
                "text_version": consent.text_version,
            }
            for consent in alumnus.consents.order_by("at", "pk")
        ],
        "account": None
        if account is None
        else {
            "created_at": account.created_at,
            "last_login": account.last_login,
            "has_password": bool(account.password),
        },
        "form_submissions": [
            {"form": submission.page.title, "submitted_at": submission.submit_time, "data": submission.form_data}
            for submission in form_submissions_of(alumnus)
        ],
        **collect_person_data(email=alumnus.email or "", person=alumnus),
    }


def form_submissions_of(alumnus: Alumnus):
    """The site's form submissions that carry the person's e-mail address (the ones erasure deletes)."""
    from wagtail.contrib.forms.models import FormSubmission

    from alumni.erasure import mentioning

    if not alumnus.email:
        return FormSubmission.objects.none()
    return (
        FormSubmission.objects.filter(mentioning("form_data", [alumnus.email]))
        .select_related("page")
        .order_by("submit_time")
    )


def as_json(alumnus: Alumnus) -> str:
    return json.dumps(personal_data(alumnus), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def as_csv(alumnus: Alumnus) -> str:
    """One row per value: section, item number, field, value. Opens as a table in any spreadsheet."""
    data = json.loads(as_json(alumnus))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["section", "item", "field", "value"])
    for section, content in data.items():
        items = content if isinstance(content, list) else [content or {}]
        for number, item in enumerate(items, start=1):
            for field_name, value in item.items():
                writer.writerow([section, number, field_name, "" if value is None else csv_safe(value)])
    return "\ufeff" + buffer.getvalue()
