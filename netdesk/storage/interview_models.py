"""Tables of informational interviews and leads. Every change here needs a migration (see 0005).

An interview keeps its chosen questions in order with the notes taken during the conversation,
and the reflection written afterwards. Completing it creates an event of kind
``informational_interview`` (``event_id``) whose meeting the follow-up rules turn into the 24-hour
thank-you. A lead links to the contacts it came through (``lead_contact``) and remembers which
follow-ups it created for which of its dates (``lead_followup``), so a moved date retires the old
reminder instead of adding a second one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from netdesk.storage.models import Base, utcnow

INTERVIEW_STATUSES = ("not_contacted", "asked", "declined", "scheduled", "done")
LEAD_STATUSES = ("heard_of", "applying", "applied", "interviewing", "offer", "closed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class InterviewRow(Base):
    __tablename__ = "interview"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    organization: Mapped[str] = mapped_column(String(300), default="")
    field: Mapped[str] = mapped_column(String(300), default="")
    job_titles: Mapped[str] = mapped_column(String(300), default="")
    found_via: Mapped[str] = mapped_column(String(40), default="people_you_know")
    pitch: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="not_contacted")
    scheduled_at: Mapped[datetime | None]
    mode: Mapped[str | None] = mapped_column(String(20))
    location: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    impression_profession: Mapped[str] = mapped_column(Text, default="")
    impression_workplace: Mapped[str] = mapped_column(Text, default="")
    credentials: Mapped[str] = mapped_column(Text, default="")
    interest: Mapped[int | None] = mapped_column(Integer)
    reflection_notes: Mapped[str] = mapped_column(Text, default="")
    completed_at: Mapped[datetime | None]
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    questions: Mapped[list[InterviewQuestionRow]] = relationship(
        back_populates="interview",
        cascade="all, delete-orphan",
        order_by="InterviewQuestionRow.position",
        passive_deletes=True,
    )

    __table_args__ = (
        CheckConstraint(_in("status", INTERVIEW_STATUSES), name="status_known"),
        CheckConstraint("interest IS NULL OR (interest BETWEEN 1 AND 5)", name="interest_range"),
        Index("ix_interview_contact_id", "contact_id"),
    )


class InterviewQuestionRow(Base):
    __tablename__ = "interview_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    topic: Mapped[str] = mapped_column(String(100), default="")
    text: Mapped[str] = mapped_column(Text)
    bank_key: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")

    interview: Mapped[InterviewRow] = relationship(back_populates="questions")

    __table_args__ = (Index("ix_interview_question_interview_id", "interview_id"),)


class LeadRow(Base):
    __tablename__ = "lead"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization: Mapped[str] = mapped_column(String(300), default="")
    role: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(20), default="internship")
    status: Mapped[str] = mapped_column(String(20), default="heard_of")
    source_event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    url: Mapped[str] = mapped_column(String(2000), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    deadline_at: Mapped[datetime | None]
    applied_at: Mapped[datetime | None]
    interview_at: Mapped[datetime | None]
    follow_up_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        CheckConstraint(_in("status", LEAD_STATUSES), name="status_known"),
        Index("ix_lead_status", "status"),
    )


class LeadContactRow(Base):
    """The contacts a lead came through, in the order the user gave them."""

    __tablename__ = "lead_contact"

    lead_id: Mapped[int] = mapped_column(ForeignKey("lead.id", ondelete="CASCADE"), primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_lead_contact_contact_id", "contact_id"),)


class LeadFollowUpRow(Base):
    """A follow-up created for one of a lead's dates (``slot``: deadline, interview, ...)."""

    __tablename__ = "lead_followup"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("lead.id", ondelete="CASCADE"))
    followup_id: Mapped[int] = mapped_column(ForeignKey("followup.id", ondelete="CASCADE"))
    slot: Mapped[str] = mapped_column(String(20))

    __table_args__ = (
        Index("ix_lead_followup_lead_id", "lead_id"),
        Index("ix_lead_followup_followup_id", "followup_id"),
    )
