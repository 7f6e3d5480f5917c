"""A real SMTP server on loopback (aiosmtpd) for the mailing tests: it keeps every message it accepts, can refuse
some recipients, and can drop the connection after a number of messages, as a mail server that goes away does."""

from __future__ import annotations

import email
import email.policy
import socket
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from django.test import override_settings


@dataclass
class Received:
    envelope_to: list[str]
    message: EmailMessage


@dataclass
class Handler:
    refuse: set[str] = field(default_factory=set)
    defer: set[str] = field(default_factory=set)  # answered "try later" (451), as greylisting or a quota does
    drop_after: int | None = None
    refuse_every: str | None = None  # the answer to every recipient, as a relay that takes nothing from us
    reject_data: str | None = None  # the answer to every message's content
    messages: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's name
        if self.refuse_every:
            return self.refuse_every
        if address.lower() in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        if address.lower() in self.defer:
            return "451 4.7.1 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.drop_after is not None and len(self.messages) >= self.drop_after:
            server.transport.close()
            return "421 4.3.2 Going away"
        if self.reject_data:
            return self.reject_data
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.messages.append(Received(list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"

    @property
    def recipients(self) -> list[str]:
        return [address.lower() for received in self.messages for address in received.envelope_to]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(**handler_options):
    """Run the server and point Django's SMTP backend at it; yields the handler with what it received."""
    handler = Handler(**handler_options)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=controller.port,
            EMAIL_USE_TLS=False,
            EMAIL_TIMEOUT=10,
        ):
            yield handler
    finally:
        controller.stop()


def body_of(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    return part.get_content() if part is not None else ""


def link_in(server, email: str, pattern: str) -> str:
    """The path and query of the first link matching `pattern` in the plain text sent to `email` (the links are
    absolute, on the site's configured address; the test client wants them relative)."""
    import re
    from urllib.parse import urlsplit

    message = next(received.message for received in server.messages if received.envelope_to == [email])
    parts = urlsplit(re.search(pattern, body_of(message, "plain")).group(0))
    return f"{parts.path}?{parts.query}"
