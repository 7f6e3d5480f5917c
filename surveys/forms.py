"""The office's choice of who is invited to a survey round: people who agreed to the surveys, narrowed."""

from alumni.models import ConsentPurpose
from newsletters.forms import AudienceForm


class SurveyAudienceForm(AudienceForm):
    purpose = ConsentPurpose.SURVEYS
