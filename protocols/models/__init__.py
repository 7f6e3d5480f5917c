"""Protocols: the agreements and what they carry (`agreements`: weak points, templates, protocols, their
activities, lifecycle changes and evaluations) and the public page (`pages`)."""

from protocols.models.agreements import (
    Protocol,
    ProtocolActivity,
    ProtocolChange,
    ProtocolEvaluation,
    ProtocolQuerySet,
    ProtocolTemplate,
    WeakPoint,
)
from protocols.models.pages import ProtocolIndexPage

__all__ = [
    "Protocol",
    "ProtocolActivity",
    "ProtocolChange",
    "ProtocolEvaluation",
    "ProtocolIndexPage",
    "ProtocolQuerySet",
    "ProtocolTemplate",
    "WeakPoint",
]
