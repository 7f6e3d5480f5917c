"""Newsletters: the archive and newsletter pages (`pages`), mailings and their deliveries (`mailings`)."""

from newsletters.models.mailings import Delivery, Mailing, MailingQuerySet
from newsletters.models.pages import NewsletterIndexPage, NewsletterPage

__all__ = ["Delivery", "Mailing", "MailingQuerySet", "NewsletterIndexPage", "NewsletterPage"]
