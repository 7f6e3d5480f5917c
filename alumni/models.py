"""The alumni directory: people, their consents and visibility choices, their sign-in, and professional communities.

Nothing here decides who may see what: `alumni.privacy` does, for every surface.
"""

import datetime
import hashlib

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.models import BasePage
from home.text import fold_diacritics, romanian_sort_key


class StudyCycle(models.TextChoices):
    BACHELOR = "licenta", _("Bachelor's (licență)")
    MASTER = "master", _("Master's")
    DOCTORATE = "doctorat", _("Doctorate")


class Sector(models.TextChoices):
    IT = "it", _("Software and IT")
    EDUCATION = "education", _("Education")
    RESEARCH = "research", _("Research")
    PUBLIC = "public", _("Public administration")
    HEALTH = "health", _("Health care")
    FINANCE = "finance", _("Finance and banking")
    INDUSTRY = "industry", _("Engineering and industry")
    LAW = "law", _("Law")
    CULTURE = "culture", _("Arts, culture and media")
    BUSINESS = "business", _("Business and consulting")
    NONPROFIT = "nonprofit", _("Non-profit and international organisations")
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    """Who sees one field of a listed person. Ordered from widest to narrowest."""

    PUBLIC = "public", _("Everyone")
    ALUMNI = "alumni", _("Signed-in alumni")
    OFFICE = "office", _("The alumni office only")


class ConsentPurpose(models.TextChoices):
    DIRECTORY = "directory", _("Listing in the alumni directory")
    NEWSLETTER = "newsletter", _("Newsletter")
    SURVEYS = "surveys", _("Satisfaction surveys")


class HelpOffer(models.TextChoices):
    """The ways an alumnus offers to help students; protocols and events select volunteers by them."""

    MENTORING = "mentoring", _("Mentoring")
    GUEST_LECTURES = "guest_lectures", _("Guest lectures")
    INTERNSHIPS = "internships", _("Internships")
    PRACTICE = "practice", _("Student practice placements")


HELP_OFFER_FIELDS: dict[str, str] = {offer: f"help_{offer}" for offer in HelpOffer.values}

# A person's own data, in the order forms, registration and exports list it.
PERSON_FIELDS: list[str] = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "study_cycle",
    "programme",
    "graduation_year",
    "employer",
    "job_title",
    "sector",
    "city",
    "country",
    *HELP_OFFER_FIELDS.values(),
]

# Fields a person chooses the audience of, with the audience they get until they choose.
# Name and faculty are what a directory listing is; whoever may see the listing sees them.
VISIBILITY_DEFAULTS: dict[str, str] = {
    "email": Visibility.OFFICE,
    "phone": Visibility.OFFICE,
    "study_cycle": Visibility.PUBLIC,
    "programme": Visibility.PUBLIC,
    "graduation_year": Visibility.PUBLIC,
    "employer": Visibility.ALUMNI,
    "job_title": Visibility.ALUMNI,
    "sector": Visibility.PUBLIC,
    "city": Visibility.ALUMNI,
    "country": Visibility.PUBLIC,
    "help_offers": Visibility.PUBLIC,
    "communities": Visibility.PUBLIC,
    "bio": Visibility.ALUMNI,
    "linkedin_url": Visibility.ALUMNI,
    "photo": Visibility.ALUMNI,
}

# An e-mail address is never shown to anonymous visitors, whatever the person chose.
NEVER_PUBLIC_FIELDS = frozenset({"email", "phone"})


def graduation_year_validators():
    return [MinValueValidator(1919), MaxValueValidator(datetime.date.today().year + 8)]


def validate_visibility(value) -> None:
    if not isinstance(value, dict):
        raise ValidationError(_("Visibility must be a mapping of field names to audiences."))
    allowed = set(Visibility.values)
    for field_name, level in value.items():
        if field_name not in VISIBILITY_DEFAULTS:
            raise ValidationError(_("%(field)s has no visibility setting.") % {"field": field_name})
        if level not in allowed:
            raise ValidationError(_("%(level)s is not an audience.") % {"level": level})
        if field_name in NEVER_PUBLIC_FIELDS and level == Visibility.PUBLIC:
            raise ValidationError(_("An e-mail address or phone number cannot be shown to everyone."))


class Community(TranslatableMixin, index.Indexed, models.Model):
    """A professional community alumni can join (software engineers, teachers, physicians, ...)."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)
    sort_key = models.CharField(max_length=450, editable=False, db_index=True, default="")

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    translatable_fields = [TranslatableField("name"), TranslatableField("description"), SynchronizedField("slug")]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("professional community")
        verbose_name_plural = _("professional communities")
        ordering = ["sort_key"]
        unique_together = [("translation_key", "locale"), ("locale", "slug")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.sort_key = romanian_sort_key(self.name)
        super().save(*args, **kwargs)


class AlumnusQuerySet(models.QuerySet):
    def listed(self) -> "AlumnusQuerySet":
        """Approved people who consent to the directory: the only ones any public surface may show."""
        return self.filter(status=Alumnus.Status.APPROVED, consent_directory=True)

    def willing_to_help(self, offer: str | None = None) -> "AlumnusQuerySet":
        """People who offer this kind of help, or any kind when no offer is named."""
        if offer:
            return self.filter(**{HELP_OFFER_FIELDS[offer]: True})
        return self.filter(willing_to_help_q())

    def for_faculties(self, faculties) -> "AlumnusQuerySet":
        return self.filter(faculty__in=faculties)


def willing_to_help_q(prefix: str = "") -> Q:
    any_offer = Q()
    for field_name in HELP_OFFER_FIELDS.values():
        any_offer |= Q(**{f"{prefix}{field_name}": True})
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
        _("graduation year"), null=True, blank=True, validators=graduation_year_validators()
    )

    employer = models.CharField(_("employer"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    bio = models.TextField(_("about me"), blank=True, max_length=2000)
    linkedin_url = models.URLField(_("LinkedIn profile"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

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
        "auth.User", verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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


class AlumnusAccount(models.Model):
    """How an approved alumnus signs in to the public site. Never a Django or Wagtail admin user."""

    alumnus = models.OneToOneField(Alumnus, verbose_name=_("alumnus"), on_delete=models.CASCADE, related_name="account")
    password = models.CharField(_("password"), max_length=128, blank=True)
    last_login = models.DateTimeField(_("last sign-in"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("alumni account")
        verbose_name_plural = _("alumni accounts")

    def __str__(self) -> str:
        return str(self.alumnus)

    def set_password(self, raw_password: str | None) -> None:
        self.password = make_password(raw_password) if raw_password else ""

    def check_password(self, raw_password: str) -> bool:
        if not self.password:
            return False
        return check_password(raw_password, self.password, setter=self._upgrade_password)

    def _upgrade_password(self, raw_password: str) -> None:
        self.set_password(raw_password)
        self.save(update_fields=["password"])


def listed_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": Alumnus.Status.APPROVED, f"{prefix}consent_directory": True})


class DirectoryPage(RoutablePageMixin, BasePage):
    """The alumni directory: search by name, filters with counts, pages of people, community pages.

    Under the home page it covers every faculty; under a faculty section only that faculty's alumni.
    """

    parent_page_types = ["home.HomePage", "home.FacultyPage"]
    subpage_types: list[str] = []
    template = "alumni/directory_page.html"
    items_per_page = 20

    class Meta:
        verbose_name = _("alumni directory")

    @path("")
    def index_route(self, request, *args, **kwargs):
        from alumni.directory import serve_directory

        return serve_directory(self, request)

    @path("comunitati/<slug:slug>/", name="community")
    def community_route(self, request, slug: str):
        from alumni.directory import serve_community

        return serve_community(self, request, slug)


class JoinPage(BasePage):
    """The form a graduate joins the alumni community with; the consent wording lives here, versioned."""

    directory_consent_text = models.TextField(
        _("directory consent"),
        help_text=_(
            "The exact sentence the person ticks to be listed in the directory. Changing it starts a new version."
        ),
    )
    newsletter_consent_text = models.TextField(_("newsletter consent"))
    surveys_consent_text = models.TextField(_("surveys consent"))
    privacy_notice = RichTextField(_("privacy notice"), blank=True, features=["bold", "italic", "link", "ul"])
    thank_you_text = models.TextField(
        _("after submitting"),
        help_text=_("Shown after the form is sent, while the person's e-mail confirmation is awaited."),
    )

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    template = "alumni/join_page.html"
    max_count_per_parent = 1

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("directory_consent_text"),
                FieldPanel("newsletter_consent_text"),
                FieldPanel("surveys_consent_text"),
                FieldPanel("privacy_notice"),
            ],
            heading=_("Consents"),
        ),
        FieldPanel("thank_you_text"),
    ]

    class Meta:
        verbose_name = _("alumni registration page")

    def consent_text(self, purpose: str) -> str:
        return getattr(self, f"{purpose}_consent_text")

    def get_context(self, request, *args, **kwargs):
        from alumni.account_views import join_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(join_page_context(self, request, context))
        return context

    def serve(self, request, *args, **kwargs):
        """GET shows the form; POST joins and redirects to "check your e-mail" (see alumni.account_views)."""
        if request.method == "POST":
            from alumni.account_views import handle_join

            return handle_join(self, request, *args, **kwargs)
        return super().serve(request, *args, **kwargs)
