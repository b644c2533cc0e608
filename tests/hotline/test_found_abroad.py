"""A person verified as a citizen or received at a gate (the cooperation app) is matched
against the families' open tracing requests, and the police holding a request that
matches are told by references only."""

from __future__ import annotations

from typing import Any

from ctip.cooperation import actions as cooperation_actions
from ctip.cooperation.models import Answer
from ctip.core.models import Notification
from tests.cooperation.factories import make_verification
from tests.hotline.factories import make_request


def test_a_confirmed_citizen_tells_the_police_holding_the_family_request(world: Any) -> None:
    sought = make_request(world.users["hotline_operator"], "Nguyễn Văn An", birth_year=1998)
    make_request(world.users["hotline_operator"], "Phạm Quốc Bảo", birth_year=1990)
    request = make_verification(world)
    person = request.persons.order_by("row").first()
    assert person is not None
    cooperation_actions.verification_person_answer(
        actor=world.users["investigator"],
        person=person,
        data=cooperation_actions.AnswerInput(Answer.CONFIRMED),
    )
    person.refresh_from_db()
    assert person.tracing_matches == 1
    notice = Notification.objects.get(message="hotline.found_abroad")
    assert notice.agency_id == sought.police_id
    assert notice.params["request"] == sought.follow_code
    assert "NGUYEN" not in str(notice.params).upper()  # references, never the name


def test_a_person_nobody_seeks_tells_no_one(world: Any) -> None:
    make_request(world.users["hotline_operator"], "Phạm Quốc Bảo", birth_year=1990)
    request = make_verification(world)
    person = request.persons.order_by("row").first()
    assert person is not None
    cooperation_actions.verification_person_answer(
        actor=world.users["investigator"],
        person=person,
        data=cooperation_actions.AnswerInput(Answer.CONFIRMED),
    )
    person.refresh_from_db()
    assert person.tracing_matches == 0
    assert not Notification.objects.filter(message="hotline.found_abroad").exists()
