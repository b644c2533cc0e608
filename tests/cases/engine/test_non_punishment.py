import datetime as dt

import pytest

from ctip.cases.engine.non_punishment import (
    COERCION_LABELS,
    FORCED_ACT_LABELS,
    Coercion,
    ForcedAct,
    ForcedActRecord,
    NonPunishmentError,
    build_note,
    render_note,
)
from ctip.cases.labels import label_in

ACTS = [
    ForcedActRecord(
        ForcedAct.DEFRAUDING_OTHERS,
        (Coercion.QUOTA_PUNISHMENT, Coercion.PHYSICAL_VIOLENCE),
        description="Phải nhắn tin làm quen\n<b>15 tiếng</b> mỗi ngày",
        place="Sihanoukville",
        period="03/2024 - 11/2024",
    ),
    ForcedActRecord(ForcedAct.ILLEGAL_BORDER_CROSSING, (Coercion.DECEPTION,)),
]


def _note():
    return build_note(
        case_reference="C-2025-000123",
        interview_date=dt.date(2025, 8, 4),
        interviewer="Trần Thị B",
        acts=ACTS,
    )


def test_vietnamese_rendering_cites_the_law_and_lists_acts_with_coercion():
    text = render_note(_note(), lambda words: label_in(words, "vi"), "04/08/2025")
    assert "53/2024/QH15" in text
    assert "04/08/2025" in text
    assert label_in(FORCED_ACT_LABELS[ForcedAct.DEFRAUDING_OTHERS], "vi") in text
    assert label_in(COERCION_LABELS[Coercion.QUOTA_PUNISHMENT], "vi") in text
    assert "không phải là kết luận pháp lý" in text
    assert "Phải nhắn tin làm quen <b>15 tiếng</b> mỗi ngày" in text


def test_english_rendering():
    text = render_note(_note(), lambda words: label_in(words, "en"), "2025-08-04")
    assert text.startswith("NOTE ON ACTS THE PERSON WAS FORCED TO COMMIT\n")
    assert "2025-08-04" in text
    assert "2. Crossing a border illegally\n   Coercion: Deception\n" in text
    assert "Place" not in text.split("2. ")[1]
    assert "not be subject to administrative sanctions or criminal prosecution" in text


def test_every_code_is_labelled():
    assert set(FORCED_ACT_LABELS) == set(ForcedAct)
    assert set(COERCION_LABELS) == set(Coercion)


def test_act_without_coercion_is_refused():
    with pytest.raises(NonPunishmentError, match=r"act 1 .*coercion"):
        build_note(
            case_reference="C-1",
            interview_date=dt.date(2025, 8, 4),
            interviewer="X",
            acts=[ForcedActRecord(ForcedAct.FALSE_DOCUMENTS, ())],
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"case_reference": " "}, "case reference"),
        ({"interviewer": ""}, "interviewing officer"),
        ({"acts": []}, "at least one"),
        ({"acts": [ForcedActRecord(ForcedAct.OTHER, (Coercion.DEBT,))]}, "other' act"),
        (
            {"acts": [ForcedActRecord(ForcedAct.BANK_ACCOUNTS, (Coercion.OTHER,))]},
            "other' coercion",
        ),
    ],
)
def test_incomplete_notes_are_refused(kwargs, message):
    base = {
        "case_reference": "C-1",
        "interview_date": dt.date(2025, 8, 4),
        "interviewer": "X",
        "acts": ACTS,
    }
    with pytest.raises(NonPunishmentError, match=message):
        build_note(**(base | kwargs))
