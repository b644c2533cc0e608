import pytest

from ctip.cases import demo as cases_demo
from ctip.cases import selectors as cases_selectors
from ctip.core import demo as core_demo
from ctip.core.models import User
from ctip.proceedings import demo

pytestmark = pytest.mark.django_db


def test_demo_adds_the_procuracy_and_the_court_once():
    from ctip.core import provinces
    from ctip.core.models import Province

    if not Province.objects.exists():
        provinces.load(Province)
    core_demo.load()
    cases_demo.load()
    demo.load()
    demo.load()
    judge = User.objects.get(username="judge.toa-hanoi")
    assert judge.agency.type == "court"
    assert User.objects.filter(username="procurator.vks-hanoi").count() == 1
    police = User.objects.get(username="investigator.police-hanoi")
    shared = cases_selectors.cases(police).filter(idempotency_key="demo:cases:1").get()
    assert cases_selectors.victim_case_ref(police, shared.pk).consent_to_share
