"""Acts a person was forced to commit, and the note that puts them before police and procuracy.

Law 53/2024/QH15 makes forcing a person to commit criminal acts a purpose of trafficking and
provides that a victim is not sanctioned for unlawful acts committed as a direct consequence
of being trafficked. The note records, act by act, what the person states they were made to
do and the coercion behind it, so that the deciding authority sees the link. It is a record
of statements, not a legal finding; the rendering is plain text so that it prints anywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ctip.cases.engine.labels import Label


class ForcedAct(StrEnum):
    DEFRAUDING_OTHERS = "defrauding_others"
    RECRUITING_OTHERS = "recruiting_others"
    ILLEGAL_BORDER_CROSSING = "illegal_border_crossing"
    FALSE_DOCUMENTS = "false_documents"
    BANK_ACCOUNTS = "bank_accounts"
    ILLEGAL_STAY = "illegal_stay"
    ILLEGAL_GAMBLING = "illegal_gambling"
    OTHER = "other"


FORCED_ACT_LABELS: Mapping[ForcedAct, Label] = {
    ForcedAct.DEFRAUDING_OTHERS: Label(
        "Defrauding others online (romance, investment, gambling...)"
    ),
    ForcedAct.RECRUITING_OTHERS: Label("Recruiting or luring other people"),
    ForcedAct.ILLEGAL_BORDER_CROSSING: Label("Crossing a border illegally"),
    ForcedAct.FALSE_DOCUMENTS: Label("Using false documents or someone else's documents"),
    ForcedAct.BANK_ACCOUNTS: Label(
        "Opening, lending or using bank or e-wallet accounts to receive scam proceeds"
    ),
    ForcedAct.ILLEGAL_STAY: Label("Staying abroad without legal status"),
    ForcedAct.ILLEGAL_GAMBLING: Label("Working for illegal gambling"),
    ForcedAct.OTHER: Label("Other act"),
}


class Coercion(StrEnum):
    PHYSICAL_VIOLENCE = "physical_violence"
    THREATS_TO_SELF = "threats_to_self"
    THREATS_TO_FAMILY = "threats_to_family"
    CONFINEMENT = "confinement"
    DEBT = "debt"
    DOCUMENTS_CONFISCATED = "documents_confiscated"
    QUOTA_PUNISHMENT = "quota_punishment"
    THREAT_OF_RESALE = "threat_of_resale"
    DECEPTION = "deception"
    OTHER = "other"


COERCION_LABELS: Mapping[Coercion, Label] = {
    Coercion.PHYSICAL_VIOLENCE: Label("Beatings or torture"),
    Coercion.THREATS_TO_SELF: Label("Threats to life or health"),
    Coercion.THREATS_TO_FAMILY: Label("Threats to family"),
    Coercion.CONFINEMENT: Label("Confinement, not free to leave"),
    Coercion.DEBT: Label("Debt used to compel"),
    Coercion.DOCUMENTS_CONFISCATED: Label("Documents confiscated"),
    Coercion.QUOTA_PUNISHMENT: Label("Punishment for missing quotas"),
    Coercion.THREAT_OF_RESALE: Label("Threat of being sold on"),
    Coercion.DECEPTION: Label("Deception"),
    Coercion.OTHER: Label("Other coercion"),
}

LEGAL_BASIS = Label(
    "Law No. 53/2024/QH15 on Prevention and Combat of Trafficking in Persons (in force from 1 "
    "July 2025): forcing the commission of criminal acts is a purpose of trafficking; a victim "
    "who commits unlawful acts as a direct consequence of being trafficked may, depending on "
    "the circumstances and the relevant law, not be subject to administrative sanctions or "
    "criminal prosecution for those acts."
)

DISCLAIMER = Label(
    "This note records the interviewee's statements and is not a legal finding. Applying the "
    "principle above is for the competent authority to decide."
)


class NonPunishmentError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class ForcedActRecord:
    act: ForcedAct
    coercion: tuple[Coercion, ...]
    # Free text in the person's words; stays in the language it was recorded in.
    description: str = ""
    place: str = ""
    period: str = ""


@dataclass(frozen=True, slots=True)
class NonPunishmentNote:
    case_reference: str
    interview_date: dt.date
    interviewer: str
    acts: tuple[ForcedActRecord, ...]
    legal_basis: Label = LEGAL_BASIS


def build_note(
    *,
    case_reference: str,
    interview_date: dt.date,
    interviewer: str,
    acts: Sequence[ForcedActRecord],
) -> NonPunishmentNote:
    """Check the records and assemble the note; every act must name what compelled it."""
    if not case_reference.strip():
        raise NonPunishmentError("a case reference is required")
    if not interviewer.strip():
        raise NonPunishmentError("the interviewing officer is required")
    if not acts:
        raise NonPunishmentError("at least one forced act is required")
    for index, record in enumerate(acts, start=1):
        if not record.coercion:
            raise NonPunishmentError(
                f"act {index} ({record.act.value}): name the coercion behind it; without it "
                "the note cannot show the act was a consequence of trafficking"
            )
        if record.act is ForcedAct.OTHER and not record.description.strip():
            raise NonPunishmentError(f"act {index}: describe the 'other' act")
        if Coercion.OTHER in record.coercion and not record.description.strip():
            raise NonPunishmentError(f"act {index}: describe the 'other' coercion")
    return NonPunishmentNote(
        case_reference=case_reference.strip(),
        interview_date=interview_date,
        interviewer=interviewer.strip(),
        acts=tuple(acts),
    )


_HEADINGS: Mapping[str, Label] = {
    "title": Label("NOTE ON ACTS THE PERSON WAS FORCED TO COMMIT"),
    "subtitle": Label("For the police and the procuracy"),
    "case": Label("Case reference"),
    "date": Label("Interview date"),
    "interviewer": Label("Interviewing officer"),
    "acts": Label("Acts the person was forced to commit"),
    "coercion": Label("Coercion"),
    "description": Label("Statement"),
    "place": Label("Place"),
    "period": Label("Period"),
    "basis": Label("Legal basis"),
}


def render_note(note: NonPunishmentNote, words: Callable[[Label], str], date: str) -> str:
    """Plain text, no markup, so it prints from any device and pastes into any letter.

    ``words`` puts a label in the reader's language and ``date`` is the interview date
    written the way that language writes dates."""

    def h(key: str) -> str:
        return words(_HEADINGS[key])

    lines = [
        h("title"),
        h("subtitle"),
        "",
        f"{h('case')}: {note.case_reference}",
        f"{h('date')}: {date}",
        f"{h('interviewer')}: {note.interviewer}",
        "",
        f"{h('acts')}:",
    ]
    for index, record in enumerate(note.acts, start=1):
        lines.append(f"{index}. {words(FORCED_ACT_LABELS[record.act])}")
        coercion = "; ".join(words(COERCION_LABELS[c]) for c in record.coercion)
        lines.append(f"   {h('coercion')}: {coercion}")
        for key, value in (
            ("place", record.place),
            ("period", record.period),
            ("description", record.description),
        ):
            if value.strip():
                lines.append(f"   {h(key)}: {' '.join(value.split())}")
    lines += [
        "",
        f"{h('basis')}:",
        words(note.legal_basis),
        "",
        words(DISCLAIMER),
    ]
    return "\n".join(lines) + "\n"
