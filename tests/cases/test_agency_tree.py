"""A share or a referral opens a case to exactly the agency it names.

The tree: a national office over two provinces (Ha Noi leads the case, Nghe An), a third
province, and a unit under Nghe An. Sharing with (or referring to) the national office
must not open the case to the provinces under it; sharing with Nghe An must not open it
to its sibling or to its own unit. Each surface is checked: pages (list, detail, print),
the API (list, detail, timeline, contacts), the duplicate search and the intel look-up of
cases naming a contact.
"""

from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ctip.cases import actions, selectors
from ctip.cases.models import Case, HandoverImport, Person
from ctip.core import actions as core_actions
from ctip.core.models import Agency, AgencyType, Province, User
from tests.cases.factories import days_ago, make_case, make_provider

ROLES = ["case_worker", "supervisor"]


@dataclass
class Tree:
    case: Case
    national: User
    sibling: User  # Nghe An, a child of the national office
    third: User  # Thanh Hoa, another child
    unit: User  # a unit under Nghe An


def _agency(code: str, parent: Agency, province: str) -> Agency:
    return core_actions.agency_create(
        actor=None,
        code=code,
        type=AgencyType.POLICE,
        name_vi=code,
        name_en=code,
        province=Province.objects.get(code=province),
        parent=parent,
    )


def _user(agency: Agency, name: str) -> User:
    return core_actions.user_create(
        actor=None, agency=agency, username=name, password=None, roles=ROLES
    )


@pytest.fixture
def tree(world):
    third = _agency("t-police-th", world.national, "thanh-hoa")
    unit = _agency("t-police-na-unit", world.other, "nghe-an")
    worker = world.users["case_worker"]
    case = make_case(
        worker,
        "Lê Thị Mai",
        identity_number="001090099999",
        consent_processing=True,
        consent_share_agencies=[world.national, world.other],
    )
    actions.indicator_add(
        actor=worker, case=case, data=actions.ContactInput(kind="phone", value="0912 777 888")
    )
    return Tree(
        case=case,
        national=_user(world.national, "nat-reader"),
        sibling=_user(world.other, "na-reader"),
        third=_user(third, "th-reader"),
        unit=_user(unit, "na-unit-reader"),
    )


def _share(world, case: Case, agency: Agency) -> None:
    actions.case_share(
        actor=world.users["supervisor"],
        case=case,
        data=actions.ShareInput(agency=agency, reason="police"),
    )


def _refer(world, case: Case, agency: Agency) -> None:
    actions.referral_send(
        actor=world.users["supervisor"],
        case=case,
        data=actions.ReferralInput(
            provider=make_provider(agency, f"Shelter of {agency.code}"), services=["shelter"]
        ),
    )


def _sees_everywhere(user: User, case: Case, client_for) -> bool:
    """Whether ``user`` reaches the case by any read path; every path must agree."""
    client = client_for(user)
    found = {
        "scope": Case.objects.filter(Case.scope_q(user), pk=case.pk).exists(),
        "person scope": Person.objects.filter(Person.scope_q(user), pk=case.person_id).exists(),
        "agency list": case.pk in [c.pk for c in selectors.agency_cases(user)[:100]],
        "page list": case.reference in client.get("/cases/?show=all").content.decode(),
        "page detail": client.get(f"/cases/{case.pk}/").status_code == 200,
        "print": client.get(f"/cases/{case.pk}/print/").status_code == 200,
        "api list": case.pk in [r["id"] for r in client.get("/api/v1/cases").json()["items"]],
        "api detail": client.get(f"/api/v1/cases/{case.pk}").status_code == 200,
        "api timeline": client.get(f"/api/v1/cases/{case.pk}/timeline").status_code == 200,
        "api contacts": client.get(f"/api/v1/cases/{case.pk}/contacts").status_code == 200,
        "contact look-up": any(
            m.visible for m in selectors.cases_naming(user, "phone", "+84912777888")
        ),
    }
    assert len(set(found.values())) == 1, found
    return found["scope"]


def test_share_with_the_national_office_reaches_no_province_under_it(world, tree, client_for):
    _share(world, tree.case, world.national)
    assert _sees_everywhere(tree.national, tree.case, client_for)
    assert not _sees_everywhere(tree.sibling, tree.case, client_for)
    assert not _sees_everywhere(tree.third, tree.case, client_for)
    assert not _sees_everywhere(tree.unit, tree.case, client_for)


def test_share_with_a_province_reaches_neither_its_sibling_nor_its_unit(world, tree, client_for):
    _share(world, tree.case, world.other)
    assert _sees_everywhere(tree.sibling, tree.case, client_for)
    assert not _sees_everywhere(tree.third, tree.case, client_for)
    assert not _sees_everywhere(tree.unit, tree.case, client_for)
    assert not _sees_everywhere(tree.national, tree.case, client_for)


def test_referral_to_a_national_provider_reaches_no_province(world, tree, client_for):
    _refer(world, tree.case, world.national)
    assert _sees_everywhere(tree.national, tree.case, client_for)
    assert not _sees_everywhere(tree.sibling, tree.case, client_for)
    assert not _sees_everywhere(tree.unit, tree.case, client_for)
    assert not selectors.incoming_referrals(tree.sibling).exists()


def test_referral_to_a_province_reaches_neither_sibling_nor_unit(world, tree, client_for):
    _refer(world, tree.case, world.other)
    assert _sees_everywhere(tree.sibling, tree.case, client_for)
    assert not _sees_everywhere(tree.third, tree.case, client_for)
    assert not _sees_everywhere(tree.unit, tree.case, client_for)
    assert not selectors.incoming_referrals(tree.unit).exists()


def test_only_the_named_agency_answers_a_referral(world, tree):
    _refer(world, tree.case, world.other)
    referral = tree.case.referrals.get()
    with pytest.raises((PermissionDenied, Http404)):
        actions.referral_answer(
            actor=tree.unit, referral=selectors.referral(tree.unit, referral.pk), answer="accept"
        )
    with pytest.raises(PermissionDenied):
        actions.referral_answer(actor=tree.unit, referral=referral, answer="accept")
    assert actions.referral_answer(actor=tree.sibling, referral=referral, answer="accept")


def test_duplicate_search_of_a_unit_does_not_open_a_case_shared_above(world, tree, client_for):
    _share(world, tree.case, world.national)
    probe = make_case(tree.unit, "Le Thi Mai", identity_number="001090099999")
    rows = selectors.duplicate_candidates(tree.unit, probe)
    assert rows
    assert all(r.person is None for r in rows)


def test_an_import_is_read_by_the_importing_agency_only(world, tree):
    from ctip.cases import imports

    csv = "full_name,sex\nPhạm Văn Hùng,male\n,female\n".encode()
    imports.handover_import(
        actor=world.other_users["case_worker"],
        file_name="list.csv",
        content=csv,
        handover_date=days_ago(1),
        intake_channel="handover",
    )
    assert HandoverImport.objects.filter(HandoverImport.scope_q(tree.sibling)).exists()
    assert not HandoverImport.objects.filter(HandoverImport.scope_q(tree.unit)).exists()
