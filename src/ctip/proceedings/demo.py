"""Demo proceedings: the Ha Noi procuracy and court with a procurator, a judge and a
court clerk, so that a case can be taken from a denunciation to a judgment; the demo
victim's consent to share their protection case with the Ha Noi police, who investigate;
a criminal case of the Ha Noi police with one accused charged under article 150 and that
victim; and, in Nghe An, the mother's denunciation that came from her tracing request
(hotline demo), waiting to be resolved within the legal time. Loading again adds
nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ctip.cases import actions as cases_actions
from ctip.cases import selectors as cases_selectors
from ctip.core import actions as core_actions
from ctip.core.demo import PASSWORD, demo_username
from ctip.core.models import Agency, AgencyType, Province, User
from ctip.hotline import selectors as hotline_selectors
from ctip.proceedings import actions
from ctip.proceedings.models import CriminalCase, Denunciation

AGENCIES = [
    (
        "vks-hanoi",
        AgencyType.PROCURACY,
        "Viện kiểm sát nhân dân thành phố Hà Nội",
        "Ha Noi People's Procuracy",
    ),
    ("toa-hanoi", AgencyType.COURT, "Tòa án nhân dân thành phố Hà Nội", "Ha Noi People's Court"),
]
ACCOUNTS = [("procurator", "vks-hanoi"), ("judge", "toa-hanoi"), ("court_clerk", "toa-hanoi")]


@transaction.atomic
def load() -> None:
    national = Agency.objects.filter(code="national").first()
    if national is None:
        return
    for code, kind, name_vi, name_en in AGENCIES:
        if not Agency.objects.filter(code=code).exists():
            core_actions.agency_create(
                actor=None,
                code=code,
                type=kind,
                name_vi=name_vi,
                name_en=name_en,
                province=Province.objects.filter(name="Hà Nội").first(),
                parent=national,
            )
    _share_demo_victim()
    for role, code in ACCOUNTS:
        username = demo_username(role, code)
        if not User.objects.filter(username=username).exists():
            core_actions.user_create(
                actor=None,
                agency=Agency.objects.get(code=code),
                username=username,
                password=PASSWORD,
                roles=[role],
                display_name=username,
                is_demo=True,
            )
    _criminal_case()
    _denunciation_from_the_hotline()


def _criminal_case() -> None:
    investigator = User.objects.filter(username="investigator.police-hanoi").first()
    if (
        investigator is None
        or CriminalCase.objects.filter(initiating_agency=investigator.agency).exists()
    ):
        return
    today = timezone.localdate()
    found = actions.case_initiate(
        actor=investigator,
        data=actions.InitiateInput(
            title="Vụ mua bán người qua cửa khẩu Mộc Bài (minh hoạ)",
            initiated_on=today - dt.timedelta(days=40),
        ),
    )
    accused = actions.accused_add(
        actor=investigator,
        data=actions.AccusedInput(
            case_id=found.pk, full_name="Sok Dara (minh hoạ)", nationality="Campuchia", sex="male"
        ),
    )
    actions.charge_add(
        actor=investigator,
        data=actions.ChargeInput(
            accused_id=accused.pk,
            article="150",
            act="Tuyển người bằng lời mời việc nhẹ lương cao rồi bán cho cơ sở lừa đảo ở Campuchia",
        ),
    )
    actions.case_decide(
        actor=investigator,
        data=actions.DecisionInput(
            case_id=found.pk, kind="charge_accused", decided_on=today - dt.timedelta(days=30)
        ),
    )
    victim = cases_selectors.cases(investigator).filter(idempotency_key="demo:cases:1").first()
    if victim is not None:
        actions.victim_add(
            actor=investigator,
            data=actions.VictimInput(case_id=found.pk, protection_case_id=victim.pk, sex="male"),
        )


def _denunciation_from_the_hotline() -> None:
    investigator = User.objects.filter(username="investigator.police-nghean").first()
    if (
        investigator is None
        or Denunciation.objects.filter(received_by=investigator.agency).exists()
    ):
        return
    sought = hotline_selectors.queue(investigator).rows
    if not sought:
        return
    actions.denunciation_receive(
        actor=investigator,
        data=actions.DenunciationInput(
            kind="denunciation",
            received_on=timezone.localdate() - dt.timedelta(days=2),
            summary=(
                "Bà Nguyễn Thị Lan tố giác việc con trai bị lừa sang Campuchia làm việc, bị giữ "
                "và bị đòi 100 triệu đồng tiền chuộc (minh hoạ)."
            ),
            source_kind="tracing_request",
            source_reference=sought[0].reference,
        ),
    )


def _share_demo_victim() -> None:
    """The demo protection case (cases' demo) is shared with the Ha Noi police with the
    person's consent, so that the criminal case can refer to it."""
    worker = User.objects.filter(username="case-worker.btxh-hanoi").first()
    police = Agency.objects.filter(code="police-hanoi").first()
    nghean = Agency.objects.filter(code="btxh-nghean").first()
    if worker is None or police is None or nghean is None:
        return
    case = cases_selectors.cases(worker, mine=True).filter(idempotency_key="demo:cases:1").first()
    if case is None or cases_actions.consent_allows_sharing(case, police):
        return
    cases_actions.consent_record(
        actor=worker,
        case=case,
        data=cases_actions.ConsentInput(
            processing=True,
            later_contact=False,
            share_agencies=[nghean, police],
            given_on=timezone.localdate() - dt.timedelta(days=4),
        ),
    )
    cases_actions.case_share(
        actor=worker,
        case=case,
        data=cases_actions.ShareInput(agency=police, reason="Điều tra vụ án hình sự (minh hoạ)"),
    )
