"""Newsletters: the archive and newsletter pages (`pages`), mailings and their deliveries (`mailings`), and
subscribers from outside the alumni database (`subscribers`)."""

from newsletters.models.invitations import InvitationTemplate
from newsletters.models.mailings import Delivery, Mailing, MailingQuerySet
from newsletters.models.pages import NewsletterIndexPage, NewsletterPage
from newsletters.models.subscribers import Subscriber, SubscriberQuerySet

__all__ = [
    "Delivery",
    "InvitationTemplate",
    "Mailing",
    "MailingQuerySet",
    "NewsletterIndexPage",
    "NewsletterPage",
    "Subscriber",
    "SubscriberQuerySet",
]
