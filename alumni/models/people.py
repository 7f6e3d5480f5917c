"""People in the directory and the history of their consents.

Nothing here decides who may see what: `alumni.privacy` does, for every surface.
"""

import hashlib

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from home.models import image_field
from home.text import fold_diacritics, romanian_sort_key

from .choices import (
    HELP_OFFER_FIELDS,
    VISIBILITY_DEFAULTS,
    ConsentPurpose,
    HelpOffer,
    Sector,
    StudyCycle,
    Visibility,
    levels_seen_by,
)
from .communities import Community
from .validators import FIRST_GRADUATION_YEAR, MaxGraduationYearValidator, validate_visibility


class AlumnusQuerySet(models.QuerySet):
    def listed(self) -> "AlumnusQuerySet":
        """Approved people who consent to the directory: the only ones any public surface may show."""
        return self.filter(listed_q())

    def willing_to_help(self, offer: str | None = None) -> "AlumnusQuerySet":
        """People who offer this kind of help, or any kind when no offer is named."""
        return self.filter(willing_to_help_q(offer))

    def in_community(self, community: Community) -> "AlumnusQuerySet":
        """Members of this community, whichever language's row of it they joined."""
        memberships = Alumnus.communities.through.objects.filter(community__translation_key=community.translation_key)
        return self.filter(pk__in=memberships.values("alumnus_id"))


def willing_to_help_q(offer: str | None = None) -> Q:
    """`AlumnusQuerySet.willing_to_help` as a Q, for filters and conditional counts."""
    if offer:
        return Q(**{HELP_OFFER_FIELDS[offer]: True})
    any_offer = Q()
    for field_name in HELP_OFFER_FIELDS.values():
        any_offer |= Q(**{field_name: True})
    return any_offer


# The directory's filterable fields and its two audiences: each pair has a stored column (below).
DIRECTORY_FIELDS = ("study_cycle", "graduation_year", "sector", "country", "help_offers")
DIRECTORY_AUDIENCES = (Visibility.PUBLIC, Visibility.ALUMNI)
# A person's help offers as one number in the stored columns: offer -> its bit.
HELP_OFFER_BITS: dict[str, int] = {offer: 1 << n for n, offer in enumerate(HelpOffer.values)}
LISTED_STATUS = "approved"


def directory_column(audience: str, field_name: str) -> str:
    """The stored column with what `audience` sees of `field_name` in the directory (see `_directory_column`)."""
    return f"{audience}_{field_name}"


def help_offers_mask():
    """A person's help offers as the sum of their bits (`HELP_OFFER_BITS`), in SQL."""
    mask = None
    for offer, bit in HELP_OFFER_BITS.items():
        term = Case(When(**{HELP_OFFER_FIELDS[offer]: True}, then=Value(bit)), default=Value(0))
        mask = term if mask is None else mask + term
    return mask


def _directory_column(audience: str, field_name: str, output_field) -> models.GeneratedField:
    """What `audience` (the public or signed-in alumni) sees of a listed person's `field_name`, stored by the
    database beside the row: the value when the person is listed, shows the field to that audience and filled it
    in, else NULL (for help offers, the offers' bits). The directory filters and counts on these columns with
    plain indexes instead of reading everyone's visibility map; the rule is `levels_seen_by`, the one
    `alumni.privacy.field_visible_q` applies, and a test checks both agree for every audience, field and level.
    The database keeps them right on every write, bulk ones included."""
    levels = levels_seen_by(audience, field_name)
    seen = Q(**{f"visibility__{field_name}__in": levels})
    if VISIBILITY_DEFAULTS[field_name] in levels:
        seen |= ~Q(visibility__has_key=field_name)
    shown = listed_q() & seen
    if field_name == "help_offers":
        when = When(shown & willing_to_help_q(), then=help_offers_mask())
    elif field_name == "graduation_year":
        when = When(shown & Q(graduation_year__isnull=False), then=F(field_name))
    else:
        when = When(shown & ~Q(**{field_name: ""}), then=F(field_name))
    return models.GeneratedField(
        expression=Case(when, default=None, output_field=output_field),
        output_field=output_field,
        db_persist=True,
        editable=False,
    )


def listed_q() -> Q:
    """`AlumnusQuerySet.listed` as a Q (the partial indexes' condition: the same SQL as the listing's filter)."""
    return Q(status=LISTED_STATUS, consent_directory=True)


def _directory_indexes() -> list[models.Index]:
    """The directory's indexes, on listed people only: their order (everyone's, and a faculty's), and one per
    stored column, where only people who show the field take room."""
    indexes = [
        models.Index(fields=["sort_key"], condition=listed_q(), name="alumnus_listed_order"),
        models.Index(fields=["faculty", "sort_key"], condition=listed_q(), name="alumnus_listed_faculty"),
    ]
    for audience in DIRECTORY_AUDIENCES:
        columns = [directory_column(audience, field_name) for field_name in DIRECTORY_FIELDS]
        for field_name, column in zip(DIRECTORY_FIELDS, columns, strict=True):
            others = [other for other in columns if other != column]
            # Led by the column a filter tests, holding the listing's fields, the audience's other columns and the
            # order: a filtered count, facet or page reads this index alone, never the wide rows.
            indexes.append(
                models.Index(
                    fields=[column, "faculty", "status", "consent_directory", *others, "sort_key"],
                    condition=Q(**{f"{column}__isnull": False}),
                    name=f"alumnus_{audience[:3]}_{field_name[:12]}",
                )
            )
    return indexes


class Alumnus(index.Indexed, models.Model):
    """A graduate in the directory. Personal data: read it for display only through `alumni.privacy`.

    Erasure blanks every personal field and keeps the row, with status "erased" and its faculty, as the
    anonymous count the office reports; nothing in it points back to the person.
    """

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("E-mail not confirmed")
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        ERASED = "erased", _("Erased")

    class Source(models.TextChoices):
        REGISTRATION = "registration", _("Registration form")
        IMPORT = "import", _("Faculty import")
        ADMIN = "admin", _("Added by the alumni office")

    faculty = models.ForeignKey(
        "home.Faculty", verbose_name=_("faculty"), on_delete=models.PROTECT, related_name="alumni"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    # Null once erased, so that the address can register again and the anonymous row keeps nothing.
    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    study_cycle = models.CharField(_("study cycle"), max_length=10, choices=StudyCycle.choices, blank=True)
    programme = models.CharField(_("study programme"), max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(
        _("graduation year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_GRADUATION_YEAR), MaxGraduationYearValidator()],
    )

    employer = models.CharField(_("employer"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    bio = models.TextField(_("about me"), blank=True, max_length=2000)
    linkedin_url = models.URLField(_("LinkedIn profile"), blank=True)
    photo = image_field(_("photo"))

    help_mentoring = models.BooleanField(HelpOffer.MENTORING.label, default=False)
    help_guest_lectures = models.BooleanField(HelpOffer.GUEST_LECTURES.label, default=False)
    help_internships = models.BooleanField(HelpOffer.INTERNSHIPS.label, default=False)
    help_practice = models.BooleanField(HelpOffer.PRACTICE.label, default=False)
    communities = models.ManyToManyField(
        Community, verbose_name=_("professional communities"), blank=True, related_name="members"
    )

    # The current state of each consent; `Consent` rows keep the history with the text shown.
    consent_directory = models.BooleanField(_("listed in the directory"), default=False)
    consent_newsletter = models.BooleanField(_("receives the newsletter"), default=False)
    consent_surveys = models.BooleanField(_("receives surveys"), default=False)

    visibility = models.JSONField(_("visibility"), default=dict, blank=True, validators=[validate_visibility])

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.ADMIN)
    language = models.CharField(_("language"), max_length=10, default="ro")
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("approved or rejected"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Derived, for sorting and diacritic-blind search.
    sort_key = models.CharField(max_length=700, editable=False, db_index=True, default="")
    folded_name = models.CharField(max_length=220, editable=False, default="")

    # What the directory's audiences see (`_directory_column`): read through alumni.privacy only.
    public_study_cycle = _directory_column(Visibility.PUBLIC, "study_cycle", models.CharField(max_length=10, null=True))
    alumni_study_cycle = _directory_column(Visibility.ALUMNI, "study_cycle", models.CharField(max_length=10, null=True))
    public_graduation_year = _directory_column(
        Visibility.PUBLIC, "graduation_year", models.PositiveSmallIntegerField(null=True)
    )
    alumni_graduation_year = _directory_column(
        Visibility.ALUMNI, "graduation_year", models.PositiveSmallIntegerField(null=True)
    )
    public_sector = _directory_column(Visibility.PUBLIC, "sector", models.CharField(max_length=20, null=True))
    alumni_sector = _directory_column(Visibility.ALUMNI, "sector", models.CharField(max_length=20, null=True))
    public_country = _directory_column(Visibility.PUBLIC, "country", models.CharField(max_length=100, null=True))
    alumni_country = _directory_column(Visibility.ALUMNI, "country", models.CharField(max_length=100, null=True))
    public_help_offers = _directory_column(
        Visibility.PUBLIC, "help_offers", models.PositiveSmallIntegerField(null=True)
    )
    alumni_help_offers = _directory_column(
        Visibility.ALUMNI, "help_offers", models.PositiveSmallIntegerField(null=True)
    )

    objects = AlumnusQuerySet.as_manager()

    panels = [
        FieldPanel("faculty"),
        FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        MultiFieldPanel(
            [FieldPanel("study_cycle"), FieldPanel("programme"), FieldPanel("graduation_year")],
            heading=_("Studies"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("employer"),
                FieldPanel("job_title"),
                FieldPanel("sector"),
                FieldPanel("city"),
                FieldPanel("country"),
                FieldPanel("linkedin_url"),
                FieldPanel("bio"),
                FieldPanel("photo"),
            ],
            heading=_("Work"),
        ),
        MultiFieldPanel(
            [FieldPanel(HELP_OFFER_FIELDS[offer]) for offer in HelpOffer.values], heading=_("How I can help students")
        ),
        FieldPanel("communities"),
        MultiFieldPanel(
            [FieldPanel("consent_directory"), FieldPanel("consent_newsletter"), FieldPanel("consent_surveys")],
            heading=_("Consents"),
            help_text=_("Change a consent only on the person's written request; the change is logged."),
        ),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("rejection_reason"), FieldPanel("language")], heading=_("Status")
        ),
    ]

    # The index holds only listed people (see get_indexed_objects) and only what any viewer of a listing sees.
    search_fields = [
        index.SearchField("first_name"),
        index.SearchField("last_name"),
        index.SearchField("folded_name"),
        index.AutocompleteField("folded_name"),
        index.FilterField("faculty_id"),
        index.FilterField("status"),
        index.FilterField("consent_directory"),
    ]

    class Meta:
        verbose_name = _("alumnus")
        verbose_name_plural = _("alumni")
        ordering = ["sort_key", "pk"]
        indexes = [
            models.Index(fields=["faculty", "status"], name="alumnus_faculty_status"),
            # The directory's cached counts are keyed on the latest change.
            models.Index(fields=["updated_at"], name="alumnus_updated"),
            *_directory_indexes(),
        ]

    def __str__(self) -> str:
        if self.status == self.Status.ERASED:
            return str(_("Erased person #%(id)s") % {"id": self.pk})
        return self.full_name

    def save(self, *args, **kwargs):
        self.refresh_derived_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "sort_key", "folded_name", "updated_at"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_listed(self) -> bool:
        return self.status == self.Status.APPROVED and self.consent_directory

    def visibility_of(self, field_name: str) -> str:
        return (self.visibility or {}).get(field_name) or VISIBILITY_DEFAULTS[field_name]

    def clean(self):
        super().clean()
        if self.email:
            self.email = self.email.strip().lower()

    def refresh_derived_fields(self) -> None:
        if self.email:
            self.email = self.email.strip().lower()
        self.sort_key = romanian_sort_key(f"{self.last_name} {self.first_name}")[:700]
        self.folded_name = fold_diacritics(self.full_name)[:220]

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.listed()


def consent_text_version(text: str) -> str:
    """A short, stable name for the wording a person agreed to: the same text always gives the same version."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:12]


class Consent(models.Model):
    """One change of one consent: the history the alumni office can show a data protection authority."""

    class Source(models.TextChoices):
        REGISTRATION = "registration", _("Registration form")
        PROFILE = "profile", _("Profile page")
        IMPORT = "import", _("Faculty import")
        ADMIN = "admin", _("Alumni office")
        UNSUBSCRIBE = "unsubscribe", _("Unsubscribe link in an e-mail")

    alumnus = models.ForeignKey(Alumnus, verbose_name=_("alumnus"), on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=12, choices=ConsentPurpose.choices)
    given = models.BooleanField(_("given"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    text = models.TextField(_("text shown"), blank=True)
    text_version = models.CharField(_("version of the text"), max_length=12, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["alumnus", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {'+' if self.given else '-'}"

    def save(self, *args, **kwargs):
        if self.text and not self.text_version:
            self.text_version = consent_text_version(self.text)
        super().save(*args, **kwargs)
