"""People in the directory and the history of their consents.

Nothing here decides who may see what: `alumni.privacy` does, for every surface.
"""

import hashlib

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from home.models import image_field
from home.text import fold_diacritics, romanian_sort_key

from .choices import HELP_OFFER_FIELDS, VISIBILITY_DEFAULTS, ConsentPurpose, HelpOffer, Sector, StudyCycle
from .communities import Community
from .validators import FIRST_GRADUATION_YEAR, MaxGraduationYearValidator, validate_visibility


class AlumnusQuerySet(models.QuerySet):
    def listed(self) -> "AlumnusQuerySet":
        """Approved people who consent to the directory: the only ones any public surface may show."""
        return self.filter(status=Alumnus.Status.APPROVED, consent_directory=True)

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
            models.Index(fields=["status", "consent_directory", "sort_key"], name="alumnus_listing"),
            models.Index(fields=["faculty", "status"], name="alumnus_faculty_status"),
            # The directory's cached counts are keyed on the latest change.
            models.Index(fields=["updated_at"], name="alumnus_updated"),
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
