"""Surveys: the questionnaire pages (`pages`), and their rounds, invitees and responses (`rounds`)."""

from surveys.models.pages import SurveyField, SurveyPage
from surveys.models.rounds import Invitee, Response, SurveyRound, SurveyRoundQuerySet

__all__ = ["Invitee", "Response", "SurveyField", "SurveyPage", "SurveyRound", "SurveyRoundQuerySet"]
