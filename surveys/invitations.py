"""Inviting people to a survey round: the audience (people who agreed to the surveys, narrowed as the office
chooses) is frozen into the newsletter pipeline's deliveries, with one invitee per delivery; each message carries
the person's own link and a one-click link to stop survey invitations.

The pipeline (newsletters.sending) sends, resumes and never sends twice; this module only says what the messages
say (`SurveyComposer`, registered for mailings of kind "survey" in the app's `ready()`).
"""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from alumni.privacy import mailing_details, survey_groups
from newsletters.audiences import Audience
from newsletters.models import Delivery, Mailing
from newsletters.sending import CannotSend, freeze_audience, personal_message, site_url
from surveys.models import Invitee, SurveyPage, SurveyRound
from surveys.models.rounds import cohort_of
from surveys.tokens import TOKEN_PARAMETER, invitee_token, stop_token

CHUNK = 2000


def start_round_invitations(survey_round: SurveyRound, audience: Audience, user=None) -> Mailing:
    """The round's invitation mailing, with a delivery and an invitee per person of the audience. A round is sent
    once: asking again returns the first mailing (to resume it). Raises CannotSend for a closed round, an
    unpublished survey, one without questions, or an empty audience."""
    survey_round = SurveyRound.objects.select_related("survey", "mailing").get(pk=survey_round.pk)
    if survey_round.mailing is not None:
        return survey_round.mailing
    survey = survey_round.survey
    if survey_round.has_closed():
        raise CannotSend(_("This round has closed: nobody could answer any more."))
    if not survey.live:
        raise CannotSend(_("Publish the survey before inviting people to it."))
    if not survey.form_fields.exists():
        raise CannotSend(_("The survey has no questions yet."))
    try:
        with transaction.atomic():
            locked = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
            if locked.mailing_id is not None:
                return locked.mailing
            mailing = Mailing.objects.create(
                kind=Mailing.Kind.SURVEY,
                page=survey,
                translation_key=survey.translation_key,
                subject=survey.title,
                audience=audience.as_filters(),
                started_at=timezone.now(),
                started_by=user,
            )
            if not freeze_audience(mailing, audience, subscribers=False):
                raise CannotSend(_("Nobody is in this audience: widen it."))
            add_invitees(locked, mailing)
            locked.mailing = mailing
            locked.save(update_fields=["mailing"])
    except IntegrityError:  # the same round started at the same moment: that one stands
        survey_round.refresh_from_db()
        if survey_round.mailing is None:
            raise
        return survey_round.mailing
    return mailing


def add_invitees(survey_round: SurveyRound, mailing: Mailing) -> int:
    """One invitee per delivery, with the person's faculty and cohort as they are today."""
    deliveries = mailing.deliveries.order_by("pk").values_list("pk", "alumnus_id")
    count = 0
    chunk: list[tuple[int, int]] = []

    def flush():
        people = survey_groups(alumnus for _delivery, alumnus in chunk)
        Invitee.objects.bulk_create(
            [
                Invitee(
                    round=survey_round,
                    alumnus_id=alumnus_id,
                    delivery_id=delivery_id,
                    faculty_id=people.get(alumnus_id, (None, None))[0],
                    cohort=cohort_of(people.get(alumnus_id, (None, None))[1]),
                )
                for delivery_id, alumnus_id in chunk
            ]
        )
        chunk.clear()

    for delivery_id, alumnus_id in deliveries.iterator(chunk_size=CHUNK):
        chunk.append((delivery_id, alumnus_id))
        count += 1
        if len(chunk) >= CHUNK:
            flush()
    if chunk:
        flush()
    return count


def stop_url(language: str, alumnus_id: int | None) -> str:
    with translation.override(language):
        return site_url(reverse("surveys:stop", args=[stop_token(alumnus_id or 0)]))


def survey_composer(mailing: Mailing):
    """The composer for a survey round's mailing; None when the survey or the round was deleted."""
    survey_round = SurveyRound.objects.filter(mailing=mailing).select_related("survey").first()
    if survey_round is None:
        return None
    return SurveyComposer(survey_round)


class SurveyComposer:
    """A survey invitation: the survey's title in the person's language, their first name, the closing date, their
    link, and the link that stops survey invitations (also as the List-Unsubscribe header)."""

    def __init__(self, survey_round: SurveyRound):
        self.round = survey_round
        self.survey = survey_round.survey
        self.per_language: dict[str, SurveyPage] = {}
        self.details: dict[int, dict] = {}
        self.invitees: dict[int, int] = {}

    def prepare(self, batch: list[Delivery]) -> None:
        self.details = mailing_details(delivery.alumnus_id for delivery in batch if delivery.alumnus_id)
        self.invitees = dict(
            Invitee.objects.filter(delivery__in=[delivery.pk for delivery in batch]).values_list("delivery_id", "pk")
        )

    def in_language(self, language: str) -> SurveyPage:
        if language not in self.per_language:
            page = self.survey
            locale = Locale.objects.filter(language_code=language).first()
            translated = page.get_translation_or_none(locale) if locale is not None else None
            self.per_language[language] = translated.specific if translated is not None and translated.live else page
        return self.per_language[language]

    def message(self, delivery: Delivery, connection) -> EmailMultiAlternatives:
        invitee_id = self.invitees.get(delivery.pk)
        if invitee_id is None:
            raise ValueError(_("nobody was invited with this delivery"))
        if self.round.has_closed():  # a sending resumed too late: the link would lead nowhere
            raise ValueError(_("the round closed before this invitation could go"))
        page = self.in_language(delivery.language)
        with translation.override(delivery.language):
            stop = stop_url(delivery.language, delivery.alumnus_id)
            context = {
                "name": (self.details.get(delivery.alumnus_id) or {}).get("first_name", ""),
                "survey": page,
                "round": self.round,
                "closes": formats.date_format(timezone.localtime(self.round.closes_at), "DATETIME_FORMAT"),
                "link": f"{page.full_url}?{TOKEN_PARAMETER}={invitee_token(invitee_id)}",
                "stop_url": stop,
            }
            text = render_to_string("surveys/email/invitation.txt", context)
            html = render_to_string("surveys/email/invitation.html", context)
        return personal_message(
            subject=page.title, text=text, html=html, email=delivery.email, unsubscribe_url=stop, connection=connection
        )
