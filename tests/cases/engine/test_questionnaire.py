import copy
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctip.cases.engine.questionnaire import (
    DEFAULT_VERSION,
    Dimension,
    Recommendation,
    ScreeningError,
    Strength,
    dimension_positive,
    load_questionnaire,
    parse_questionnaire,
    questionnaire_path,
    score,
)
from ctip.cases.labels import label_in

Q = load_questionnaire()

# A returnee's typical account: deceived about the job, taken across by trails, forced to
# scam under guard and beatings.
TYPICAL = {
    "r_offer_channel": "social_media",
    "r_work_differed": "yes",
    "r_unrealistic_pay": "yes",
    "t_irregular_crossing": "yes",
    "e_forced_to_defraud": "yes",
    "e_excessive_hours": "yes",
    "e_confined": "yes",
    "e_physical_violence": "yes",
    "x_exit_mode": "handover",
    "x_detained_or_charged": "yes",
}


def test_default_version_loads_with_all_stages_dimensions_and_both_languages():
    assert Q.version == DEFAULT_VERSION == "2025.3"
    assert [s.code for s in Q.stages] == ["recruitment", "transit", "exploitation", "exit"]
    assert {q.dimension for q in Q.questions if q.dimension} == set(Dimension)
    assert {q.strength for q in Q.questions if q.strength} == set(Strength)
    for stage in Q.stages:
        assert Q.by_stage(stage.code)
    for question in Q.questions:
        assert question.text.en
        assert label_in(question.text, "vi") != question.text.en
        assert all(label_in(o.label, "vi") != o.label.en for o in question.options)
    assert Q.question("e_forced_to_defraud").strength is Strength.STRONG


def test_typical_scam_compound_account_is_presumed_victim_and_names_indicators():
    result = score(Q, TYPICAL)
    assert result.recommendation is Recommendation.PRESUMED_VICTIM
    found = {i.question_id for i in result.indicators}
    assert {"r_work_differed", "e_forced_to_defraud", "e_confined"} <= found
    assert "x_exit_mode" not in found
    assert result.dimensions[Dimension.DECEPTIVE_RECRUITMENT].positive
    assert result.dimensions[Dimension.EXPLOITATIVE_CONDITIONS].positive
    assert result.dimensions[Dimension.COERCION_AT_DESTINATION].positive
    assert "non_punishment_review" in result.flags
    assert "ILO 2009" in result.rule.en


def test_without_coercion_at_destination_it_is_only_possible():
    answers = {k: v for k, v in TYPICAL.items() if k not in {"e_confined", "e_physical_violence"}}
    result = score(Q, answers)
    assert result.recommendation is Recommendation.POSSIBLE_VICTIM
    assert not result.dimensions[Dimension.COERCION_AT_DESTINATION].positive


def test_a_single_weak_indicator_keeps_the_person_in_view():
    result = score(Q, {"r_offer_channel": "messaging_app"})
    assert result.recommendation is Recommendation.POSSIBLE_VICTIM
    assert [i.strength for i in result.indicators] == [Strength.WEAK]


def test_no_indicators_and_unanswered_are_reported():
    result = score(Q, {"r_work_differed": "no", "e_confined": "declined"})
    assert result.recommendation is Recommendation.NO_INDICATORS
    assert "e_confined" in result.unanswered
    assert "r_work_differed" not in result.unanswered
    assert len(result.unanswered) == len(Q.questions) - 1


def test_child_rule_does_not_require_means():
    answers = {
        "r_offer_channel": "acquaintance",
        "e_forced_to_defraud": "yes",
        "e_excessive_hours": "yes",
    }
    assert score(Q, answers).recommendation is Recommendation.POSSIBLE_VICTIM
    child = score(Q, answers, minor_at_recruitment=True)
    assert child.recommendation is Recommendation.PRESUMED_VICTIM
    assert "Child" in child.rule.en


def test_answer_no_can_indicate():
    result = score(Q, {"r_lack_of_information": "no"})
    assert [i.question_id for i in result.indicators] == ["r_lack_of_information"]


def test_unknown_question_is_a_clear_error():
    with pytest.raises(ScreeningError, match="r_nope: unknown question") as excinfo:
        score(Q, {"r_nope": "yes"})
    assert excinfo.value.question_id == "r_nope"


@pytest.mark.parametrize("answer", ["maybe", ["yes"], 1, ""])
def test_invalid_answer_is_a_clear_error(answer):
    with pytest.raises(ScreeningError, match="e_confined"):
        score(Q, {"e_confined": answer})


def test_invalid_choice_lists_valid_answers():
    with pytest.raises(ScreeningError, match="valid answers: acquaintance"):
        score(Q, {"r_offer_channel": "newspaper"})


@pytest.mark.parametrize(
    ("strong", "medium", "weak", "expected"),
    [
        (2, 0, 0, True),
        (1, 1, 0, True),
        (1, 0, 1, True),
        (1, 0, 0, False),
        (0, 3, 0, True),
        (0, 2, 1, True),
        (0, 2, 0, False),
        (0, 1, 5, False),
        (0, 0, 9, False),
    ],
)
def test_ilo_dimension_rule(strong, medium, weak, expected):
    assert dimension_positive(strong, medium, weak) is expected


@given(st.dictionaries(st.sampled_from([q.id for q in Q.questions]), st.just("unknown")))
def test_unknown_answers_never_indicate(answers):
    assert score(Q, answers).recommendation is Recommendation.NO_INDICATORS


@given(
    st.dictionaries(
        st.sampled_from([q.id for q in Q.questions if q.kind == "yes_no"]),
        st.sampled_from(["yes", "no", "unknown", "declined"]),
    )
)
def test_more_yes_answers_never_lower_the_recommendation(answers):
    order = list(Recommendation)[::-1]
    base = order.index(score(Q, answers).recommendation)
    more = dict(answers) | {q.id: "yes" for q in Q.questions if q.kind == "yes_no"}
    assert order.index(score(Q, more).recommendation) >= base


def _raw():
    with questionnaire_path(DEFAULT_VERSION).open(encoding="utf-8") as handle:
        return json.load(handle)


def test_broken_data_is_refused_at_load():
    raw = _raw()
    dup = copy.deepcopy(raw)
    dup["questions"].append(dup["questions"][0])
    with pytest.raises(ValueError, match="duplicate question id"):
        parse_questionnaire(dup)
    bad = copy.deepcopy(raw)
    bad["questions"][0]["indicating"] = ["telepathy"]
    with pytest.raises(ValueError, match="indicating"):
        parse_questionnaire(bad)
    bad = copy.deepcopy(raw)
    bad["questions"][1]["strength"] = None
    with pytest.raises(ValueError, match="strength"):
        parse_questionnaire(bad)


def test_unknown_version():
    with pytest.raises(LookupError, match=r"1999\.1"):
        load_questionnaire("1999.1")


def test_forced_scamming_is_exploitation_on_its_own():
    """Law 53/2024/QH15: being forced to commit crimes is exploitation, long hours or not."""
    answers = {
        "r_work_differed": "yes",
        "r_unrealistic_pay": "yes",
        "e_confined": "yes",
        "e_physical_violence": "yes",
        "e_forced_to_defraud": "yes",
    }
    result = score(load_questionnaire(), answers)
    assert result.dimensions[Dimension.EXPLOITATIVE_CONDITIONS].positive
    assert result.recommendation is Recommendation.PRESUMED_VICTIM
    # Without forced scamming the same account lacks exploitation: a possible victim only.
    del answers["e_forced_to_defraud"]
    assert score(load_questionnaire(), answers).recommendation is Recommendation.POSSIBLE_VICTIM
    # An interview stored under the earlier version is not re-scored by the new rule.
    earlier = score(load_questionnaire("2025.1"), {**answers, "e_forced_to_defraud": "yes"})
    assert earlier.recommendation is Recommendation.POSSIBLE_VICTIM


def test_deception_about_the_work_is_a_means_not_trafficking_alone():
    """Decision 0302: the work differing from the promise is deception, a means under the
    Palermo Protocol and art. 150 of the Penal Code, enough for the recruitment element on
    its own; without exploitation it stays a possible victim."""
    questionnaire = load_questionnaire()
    alone = score(questionnaire, {"r_work_differed": "yes"})
    assert alone.dimensions[Dimension.DECEPTIVE_RECRUITMENT].positive
    assert alone.recommendation is Recommendation.POSSIBLE_VICTIM
    compound = {
        "r_work_differed": "yes",
        "e_confined": "yes",
        "e_physical_violence": "yes",
        "e_forced_to_defraud": "yes",
    }
    assert score(questionnaire, compound).recommendation is Recommendation.PRESUMED_VICTIM
    # Another deception answer alone is still weighed by the ILO combination rule.
    changed = {**compound, "r_work_differed": "no", "t_destination_changed": "yes"}
    assert score(questionnaire, changed).recommendation is Recommendation.POSSIBLE_VICTIM
    # An interview stored under 2025.2 keeps its result.
    earlier = score(load_questionnaire("2025.2"), compound)
    assert earlier.recommendation is Recommendation.POSSIBLE_VICTIM
