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


def test_demo_criminal_case_and_a_denunciation_from_the_hotline():
    from ctip.core.models import Agency
    from ctip.proceedings.models import Accused, CriminalCase, Denunciation, Victim

    # The tests' own Nghe An police would be the competent one: step it aside.
    Agency.objects.filter(province__code="nghe-an", type="police").update(is_active=False)
    core_demo.load()
    core_demo.load_apps()
    found = CriminalCase.objects.get()
    assert Accused.objects.filter(case=found).count() == 1
    assert Victim.objects.filter(case=found, protection_case_id__isnull=False).count() == 1
    denunciation = Denunciation.objects.get()
    assert denunciation.source_request_id is not None
    assert denunciation.received_by.code == "police-nghean"
    core_demo.load_apps()
    assert (CriminalCase.objects.count(), Denunciation.objects.count()) == (1, 1)
