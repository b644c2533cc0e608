"""Objects the permission matrix puts into URLs: for each URL keyword, a record that
belongs to the test world's own agency. An app that adds a URL with a new keyword
registers a factory here; the matrix test fails until it does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ctip.core import actions

FACTORIES: dict[str, Callable[[Any], Any]] = {}


def factory(name: str) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
    def register(func: Callable[[Any], Any]) -> Callable[[Any], Any]:
        FACTORIES[name] = func
        return func

    return register


@factory("agency_id")
def _agency(world: Any) -> int:
    return world.agency.pk


@factory("user_id")
def _user(world: Any) -> int:
    return world.users["analyst"].pk


@factory("token_id")
def _token(world: Any) -> int:
    issued = actions.token_create(
        actor=None, user=world.users["liaison"], name="bank gateway", scopes=["intel.answer_freeze"]
    )
    return issued.token.pk


@factory("grant_id")
def _grant(world: Any) -> int:
    from ctip.core.models import GrantRequest

    analyst = world.users["analyst"]
    actions.user_update(
        actor=world.users["agency_admin"], user=analyst, roles=["analyst", "investigator"]
    )
    return GrantRequest.objects.get(user=analyst).pk


@factory("case_id")
def _case(world: Any) -> int:
    from tests.cases.factories import make_case

    return make_case(world.users["case_worker"]).pk


@factory("decision_id")
def _decision(world: Any) -> int:
    from tests.cases.factories import make_decision

    return make_decision(world).pk


@factory("referral_id")
def _referral(world: Any) -> int:
    from tests.cases.factories import make_referral

    return make_referral(world).pk


@factory("followup_id")
def _followup(world: Any) -> int:
    from tests.cases.factories import make_followup

    return make_followup(world).pk


@factory("compound_id")
def _compound(world: Any) -> int:
    from tests.compounds.factories import make_compound

    return make_compound(world.users["investigator"]).pk


@factory("verification_id")
def _verification(world: Any) -> int:
    from tests.cooperation.factories import make_verification

    return make_verification(world).pk


@factory("verification_person_id")
def _verification_person(world: Any) -> int:
    from ctip.cooperation import actions as cooperation_actions
    from tests.cooperation.factories import PNG, make_verification

    person = make_verification(world).persons.order_by("row").first()
    cooperation_actions.photo_add(actor=world.users["investigator"], person=person, content=PNG)
    return person.pk


@factory("operation_id")
def _operation(world: Any) -> int:
    from tests.cooperation.factories import make_handover

    return make_handover(world).pk


@factory("handover_person_id")
def _handover_person(world: Any) -> int:
    from tests.cooperation.factories import make_handover_person

    return make_handover_person(world).pk


@factory("need_id")
def _need(world: Any) -> int:
    from tests.cooperation.factories import make_need

    return make_need(world).pk


@factory("link_id")
def _link(world: Any) -> int:
    from tests.cases.factories import make_link

    return make_link(world).pk


@factory("handover_id")
def _handover(world: Any) -> int:
    from tests.cases.factories import make_handover

    return make_handover(world).pk


@factory("share_id")
def _share(world: Any) -> int:
    from tests.cases.factories import make_share

    return make_share(world).pk


@factory("document_id")
def _document(world: Any) -> int:
    from tests.cases.factories import make_document

    return make_document(world).pk


@factory("person_id")
def _person(world: Any) -> int:
    from tests.cases.factories import make_case

    return make_case(world.users["case_worker"]).person_id


@factory("report_id")
def _report(world: Any) -> int:
    from tests.intel.factories import make_report

    return make_report(world.users["investigator"]).pk


@factory("indicator_id")
def _indicator(world: Any) -> int:
    from tests.intel.factories import make_report

    return make_report(world.users["investigator"]).indicators.get(kind="phone").pk


@factory("cluster_id")
def _cluster(world: Any) -> str:
    from tests.intel.factories import make_report

    return str(make_report(world.users["investigator"]).cluster_id)


@factory("freeze_id")
def _freeze(world: Any) -> int:
    from tests.intel.factories import make_freeze

    return make_freeze(world).pk


@factory("call_id")
def _call(world: Any) -> int:
    from tests.hotline.factories import make_call

    return make_call(world.users["hotline_operator"]).pk


@factory("request_id")
def _tracing_request(world: Any) -> int:
    from tests.hotline.factories import make_request

    return make_request(world.users["hotline_operator"]).pk


@factory("match_id")
def _tracing_match(world: Any) -> int:
    from tests.hotline.factories import make_match

    return make_match(world).pk


@factory("tracing_evidence_id")
def _tracing_evidence(world: Any) -> int:
    from tests.hotline.factories import make_evidence

    return make_evidence(world.users["hotline_operator"]).pk


@factory("evidence_id")
def _evidence(world: Any) -> int:
    from tests.intel.factories import make_evidence

    return make_evidence(world).pk


@factory("notification_id")
def _notification(world: Any) -> int:
    from django.utils.translation import gettext_lazy as _

    from ctip.core import notifications

    notifications.register("tests.matrix", _("Notification (%(code)s)"))
    return actions.notify(
        actor=None, agency=world.agency, kind="test", message="tests.matrix", params={"code": "1"}
    ).pk


@factory("source_id")
def _partner_source(world: Any) -> int:
    from tests.intel.factories import make_partner_import

    return make_partner_import(world).bundle.source_id


@factory("contact_id")
def _contact(world: Any) -> int:
    from tests.cases.factories import make_contact

    return make_contact(world).pk


@factory("dispute_id")
def _dispute(world: Any) -> int:
    from tests.intel.factories import make_dispute

    return make_dispute(world).pk


@factory("account_id")
def _freeze_account(world: Any) -> int:
    from ctip.intel.models import FreezeAccount
    from tests.intel.factories import make_freeze

    return FreezeAccount.objects.filter(request=make_freeze(world)).values_list("pk", flat=True)[0]


@factory("job_id")
def _job(world: Any) -> int:
    from ctip.core import jobs

    return jobs.start(actor=world.users["analyst"], kind="intel.rebuild").pk


@factory("enterprise_id")
def _enterprise(world: Any) -> int:
    from tests.registry.factories import make_enterprise

    return make_enterprise(world.users["labour_officer"]).pk


@factory("import_id")
def _enterprise_import(world: Any) -> int:
    from ctip.registry import actions as registry_actions
    from tests.registry.factories import csv_list

    content = csv_list("7/LĐTBXH-GP,Công ty CP Nhân lực Hòa Bình,,,,,,KR,,,,,,")
    return registry_actions.list_import(
        actor=world.users["labour_officer"], file_name="list.csv", content=content
    ).record.pk


@factory("worker_id")
def _worker(world: Any) -> int:
    from tests.registry.factories import make_worker

    return make_worker(world).pk


@factory("incident_id")
def _incident(world: Any) -> int:
    from tests.registry.factories import make_incident

    return make_incident(world).pk


# Bodies ------------------------------------------------------------------------------------
# The matrix sends each operation the smallest body its schema accepts, built from the
# OpenAPI document, so that a refusal it sees comes from the caller's agency or role and
# not from a 422 on a body left empty.


def _schema_document() -> dict[str, Any]:
    from ctip.config.api import api

    return api.get_openapi_schema()


def _resolve(node: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = document["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def example(node: dict[str, Any], document: dict[str, Any]) -> Any:
    """The smallest value that ``node`` (a JSON schema) accepts."""
    import datetime as dt

    from django.utils import timezone

    node = _resolve(node, document)
    if "anyOf" in node:
        branches = [b for b in node["anyOf"] if b.get("type") != "null"]
        return example(branches[0], document)
    if "allOf" in node:
        return example(node["allOf"][0], document)
    if "enum" in node:
        return node["enum"][0]
    if node.get("examples") and node.get("type") == "string":
        return node["examples"][0]  # a value the field reads (a country: "KH")
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        return {
            name: example(node["properties"][name], document) for name in node.get("required", [])
        }
    if kind == "array":
        return [example(node["items"], document) for _ in range(node.get("minItems", 0))]
    if kind == "integer":
        return max(node.get("minimum", 1), 1)
    if kind == "number":
        return max(node.get("minimum", 1), 1)
    if kind == "boolean":
        return True
    if node.get("format") == "date":
        return timezone.localdate().isoformat()
    if node.get("format") == "date-time":
        return dt.datetime.now(dt.UTC).isoformat()
    if node.get("format") == "binary":
        return b"%PDF-1.4\n"
    return "x" * max(node.get("minLength", 1), 3)


def operation(method: str, path: str) -> dict[str, Any]:
    """The OpenAPI description of an operation (``path`` as the router spells it)."""
    import re

    document = _DOCUMENT.get("value") or _DOCUMENT.setdefault("value", _schema_document())
    template = re.sub(r"\{\w+:(\w+)\}", r"{\1}", path)
    return document["paths"][template][method.lower()]


def request_body(method: str, path: str) -> tuple[str, Any] | None:
    """(content type, minimal body) for the operation, or None if it takes no body."""
    body = operation(method, path).get("requestBody")
    document = _DOCUMENT["value"]
    if body is None:
        return None
    content_type, content = next(iter(body["content"].items()))
    return content_type, example(content["schema"], document)


_DOCUMENT: dict[str, Any] = {}


@factory("campaign_id")
def _campaign(world: Any) -> int:
    from tests.outreach import factories

    officer = world.users["communication_officer"]
    return factories.campaign(officer, factories.subscriber_list(officer)).pk


@factory("warning_id")
def _warning(world: Any) -> int:
    from tests.outreach import factories

    return factories.warning(world.users["communication_officer"]).pk


@factory("session_id")
def _training_session(world: Any) -> int:
    from tests.outreach import factories

    return factories.training_session(world.users["communication_officer"]).pk


@factory("denunciation_id")
def _denunciation(world: Any) -> int:
    from tests.proceedings.factories import make_denunciation

    return make_denunciation(world).pk


@factory("criminal_case_id")
def _criminal_case(world: Any) -> int:
    from tests.proceedings.factories import make_criminal_case

    return make_criminal_case(world).pk


@factory("accused_id")
def _accused(world: Any) -> int:
    from tests.proceedings.factories import charged_case

    return charged_case(world)[1]


@factory("charge_id")
def _charge(world: Any) -> int:
    from ctip.proceedings.models import Charge
    from tests.proceedings.factories import charged_case

    return Charge.objects.get(accused_id=charged_case(world)[1]).pk


@factory("victim_id")
def _victim(world: Any) -> int:
    from ctip.proceedings import actions
    from tests.proceedings.factories import make_criminal_case

    found = make_criminal_case(world)
    return actions.victim_add(
        actor=world.users["investigator"],
        data=actions.VictimInput(case_id=found.pk, sex="female"),
    ).pk


@factory("joint_id")
def _joint(world: Any) -> int:
    from tests.cooperation.factories import counterpart
    from tests.proceedings.factories import joint_case

    return joint_case(world, counterpart().pk)[2]


@factory("assistance_request_id")
def _assistance_request(world: Any) -> int:
    from ctip.cooperation import actions as cooperation_actions
    from tests.cooperation.factories import counterpart
    from tests.proceedings.factories import joint_case

    joint_id = joint_case(world, counterpart().pk)[2]
    return cooperation_actions.assistance_send(
        actor=world.users["investigator"],
        data=cooperation_actions.AssistanceInput(joint_id=joint_id, subject="Bank records"),
    ).pk


@factory("asset_id")
def _asset(world: Any) -> int:
    from ctip.proceedings import actions
    from tests.proceedings.factories import days_ago, make_criminal_case

    found = make_criminal_case(world)
    return actions.asset_record(
        actor=world.users["investigator"],
        data=actions.AssetInput(
            case_id=found.pk,
            description="Tài khoản 0123",
            amount_vnd=5_000_000,
            status="frozen",
            status_on=days_ago(10),
        ),
    ).pk


@factory("release_id")
def _release(world: Any) -> int:
    import datetime as dt

    from ctip.core.engine.periods import parse_period
    from ctip.stats import actions as stats_actions
    from ctip.stats.models import Method
    from tests.stats.factories import cases

    cases(12, agency=world.agency, user=world.users["case_worker"], on=dt.date(2025, 5, 1))
    return stats_actions.release_publish(
        actor=world.users["national_statistician"],
        data=stats_actions.ReleaseInput(
            "cases.received", parse_period("2025"), (), Method.SUPPRESSION
        ),
    ).pk


@factory("survey_id")
def _survey(world: Any) -> int:
    from ctip.stats import actions as stats_actions

    rows = "".join(f"2025,s{i % 3},{i % 7},100,{int(i % 9 == 0)}\n" for i in range(60))
    return stats_actions.survey_import(
        actor=world.users["national_statistician"],
        data=stats_actions.SurveyInput(
            "Survey", ("year,stratum,psu,weight,victim\n" + rows).encode()
        ),
    ).pk


@factory("guardian_id")
def _guardian(world: Any) -> int:
    from tests.cases.factories import make_guardian

    return make_guardian(world).pk


@factory("institution_code_id")
def _institution_code(world: Any) -> int:
    from ctip.core.models import AgencyType
    from ctip.intel.models import InstitutionCode

    bank = actions.agency_create(
        actor=None,
        code="t-bank-matrix",
        type=AgencyType.BANK,
        name_vi="Ngân hàng",
        name_en="Bank",
        country="VN",
        parent=world.agency,
    )
    return InstitutionCode.objects.create(agency=bank, kind="bin", code="970436").pk
