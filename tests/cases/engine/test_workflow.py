import itertools

import pytest

from ctip.cases.engine.labels import Label
from ctip.cases.engine.support import (
    REFERRAL_TRANSITIONS,
    SUPPORT_TYPES,
    ReferralStatus,
    SupportType,
)
from ctip.cases.engine.transitions import Requirement, Transition, TransitionTable
from ctip.cases.engine.workflow import (
    CASE_STATUS_LABELS,
    CASE_TRANSITIONS,
    EXIT_MODE_LABELS,
    INTAKE_CHANNEL_LABELS,
    CaseStatus,
    ExitMode,
    IntakeChannel,
    TransitionFacts,
    check_transition,
    is_reopening,
)
from ctip.cases.labels import label_in


def test_happy_path_moves_are_allowed_with_their_facts():
    facts = TransitionFacts(reason="done", screening_done=True, identification_decided=True)
    path = ["intake", "screening", "identification", "support", "reintegration", "closed"]
    for current, target in itertools.pairwise(path):
        assert check_transition(current, target, facts).allowed, (current, target)


def test_skipping_a_step_is_refused_and_names_the_allowed_moves():
    check = check_transition(CaseStatus.INTAKE, CaseStatus.SUPPORT)
    assert not check.allowed
    assert check.codes == ("not_allowed",)
    assert "'Screening'" in check.refusals[0].message.en
    assert "«Sàng lọc»" in label_in(check.refusals[0].message, "vi")


def test_identification_needs_a_completed_screening():
    check = check_transition("screening", "identification")
    assert check.codes == ("missing_screening_done",)
    assert check_transition(
        "screening", "identification", TransitionFacts(screening_done=True)
    ).allowed


def test_closing_without_identification_decision_or_reason_names_both():
    check = check_transition("identification", "closed")
    assert set(check.codes) == {"missing_reason", "missing_identification_decided"}


def test_blank_reason_does_not_count():
    assert not check_transition("support", "closed", TransitionFacts(reason="   ")).allowed
    assert check_transition("support", "closed", TransitionFacts(reason="moved abroad")).allowed


def test_reopen_requires_a_reason():
    assert check_transition("closed", "screening").codes == ("missing_reason",)
    assert check_transition("closed", "support", TransitionFacts(reason="new need")).allowed
    assert not check_transition("closed", "reintegration", TransitionFacts(reason="x")).allowed
    assert is_reopening("closed", "support")
    assert not is_reopening("support", "closed")


def test_same_status_is_refused():
    assert check_transition("support", "support").codes == ("same_status",)


def test_unknown_status_raises():
    with pytest.raises(ValueError, match="archived"):
        check_transition("archived", "closed")


def test_every_code_has_both_labels():
    for labels, enum in (
        (CASE_STATUS_LABELS, CaseStatus),
        (INTAKE_CHANNEL_LABELS, IntakeChannel),
        (EXIT_MODE_LABELS, ExitMode),
    ):
        assert set(labels) == set(enum)
        assert all(label_in(label, "vi") != label.en for label in labels.values())
    assert set(SUPPORT_TYPES) == set(SupportType)


def test_every_status_can_reach_closed_and_closed_can_reopen():
    for status in CaseStatus:
        if status is not CaseStatus.CLOSED:
            assert _reachable(status, CaseStatus.CLOSED), status
    assert CASE_TRANSITIONS.targets(CaseStatus.CLOSED)


def _reachable(start: CaseStatus, goal: CaseStatus) -> bool:
    seen, frontier = {start}, [start]
    while frontier:
        for nxt in CASE_TRANSITIONS.targets(frontier.pop()):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return False


def test_referral_moves():
    assert REFERRAL_TRANSITIONS.check(ReferralStatus.SENT, ReferralStatus.ACCEPTED, ()).allowed
    declined = REFERRAL_TRANSITIONS.check(ReferralStatus.SENT, ReferralStatus.DECLINED, ())
    assert declined.codes == ("missing_reason",)
    assert REFERRAL_TRANSITIONS.check(
        ReferralStatus.SENT, ReferralStatus.DECLINED, {Requirement.REASON}
    ).allowed
    assert REFERRAL_TRANSITIONS.check(ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED, ()).allowed
    assert not REFERRAL_TRANSITIONS.check(ReferralStatus.SENT, ReferralStatus.COMPLETED, ()).allowed
    assert not REFERRAL_TRANSITIONS.check(
        ReferralStatus.DECLINED, ReferralStatus.ACCEPTED, ()
    ).allowed


def test_table_rejects_duplicates_and_self_moves():
    with pytest.raises(ValueError, match="duplicate"):
        TransitionTable((Transition(CaseStatus.INTAKE, CaseStatus.SCREENING),) * 2)
    with pytest.raises(ValueError, match="itself"):
        TransitionTable((Transition(CaseStatus.INTAKE, CaseStatus.INTAKE),))


def test_a_label_reads_in_the_language_asked_for_its_values_included():
    label = Label("The status is already '{status}'.", status=Label("Screening"))
    assert label.en == "The status is already 'Screening'."
    assert label_in(label, "en") == label.en
    assert label_in(label, "vi") == "Trạng thái đã là «Sàng lọc»."
