"""The office's forms for survey rounds: the round itself (its admin form records who made it), and who is
invited to it (people who agreed to the surveys, narrowed)."""

from wagtail.admin.forms import WagtailAdminModelForm

from alumni.models import ConsentPurpose
from newsletters.forms import AudienceForm


class SurveyRoundForm(WagtailAdminModelForm):
    def save(self, commit=True):
        if self.instance.created_by_id is None and self.for_user is not None and self.for_user.is_authenticated:
            self.instance.created_by = self.for_user
        return super().save(commit)


class SurveyAudienceForm(AudienceForm):
    purpose = ConsentPurpose.SURVEYS
