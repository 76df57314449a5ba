"""Topics and quick-answer cards: loading, topic assignment, validation, trainer cards and packs."""

from canvass_app.content.model import Answer, Card, Citation, Override, Topic
from canvass_app.content.parsing import Problem
from canvass_app.content.service import (
    PACK_FORMAT,
    PACK_VERSION,
    Content,
    PackRejected,
    ProgrammeCoverage,
    TopicView,
)

__all__ = [
    "PACK_FORMAT",
    "PACK_VERSION",
    "Answer",
    "Card",
    "Citation",
    "Content",
    "Override",
    "PackRejected",
    "Problem",
    "ProgrammeCoverage",
    "Topic",
    "TopicView",
]
