"""Pages of cross-border cooperation. A partner abroad reads them in English."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctip.cooperation import actions, selectors
from ctip.cooperation.actions import common
from ctip.cooperation.forms import (
    AnswerForm,
    HandoverForm,
    ManifestForm,
    NeedForm,
    ReceptionForm,
    ScreeningChangeForm,
    VerificationForm,
)
from ctip.cooperation.jobs import MANIFEST
from ctip.core import jobs, posting
from ctip.core.access import requires
from ctip.core.auth import actor_of
from ctip.core.models import User
from ctip.core.values import read_country

MAX_MANIFEST_BYTES = 5 * 1024 * 1024


@requires("cooperation.verify")
def verification_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.verification_list(actor_of(request))
    return render(request, "cooperation/verification_list.html", {"rows": rows})


@requires("cooperation.verify")
def verification_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partner = common.is_abroad(actor.agency)
    form = VerificationForm(posting.posted(request), partner=partner, actor=actor)

    def send(d: dict[str, Any]) -> Any:
        return actions.verification_create(
            actor=actor,
            data=actions.VerificationInput(
                persons=form.persons_input(),
                counterpart_id=None if partner else d["counterpart"],
                verifying_agency_id=d["verifying_agency"],
                days=d["days"],
                their_reference=d["their_reference"],
                compound_id=int(d["compound"]) if d.get("compound") else None,
            ),
        )

    return posting.submit(
        request,
        form,
        send,
        lambda found: redirect("cooperation:verification", verification_id=found.pk),
        lambda: posting.form_page(request, "cooperation/verification_new.html", form),
        _("The request was sent."),
    )


@requires("cooperation.verify")
def verification_detail(request: HttpRequest, verification_id: int) -> HttpResponse:
    page = selectors.verification_page(actor_of(request), verification_id)
    return render(
        request,
        "cooperation/verification_detail.html",
        {"v": page, "answer_form": AnswerForm() if page.may_answer else None},
    )


@requires("cooperation.verify")
@require_POST
def verification_answer(request: HttpRequest, verification_person_id: int) -> HttpResponse:
    return posting.post(
        request,
        lambda actor: selectors.verification_person(actor, verification_person_id),
        lambda person: redirect("cooperation:verification", verification_id=person.request_id),
        lambda actor, person, d: actions.verification_person_answer(
            actor=actor, person=person, data=actions.AnswerInput(answer=d["answer"], note=d["note"])
        ),
        _("Answer recorded."),
        form_class=AnswerForm,
    )


@requires("cooperation.handover")
def handover_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    return render(
        request,
        "cooperation/handover_list.html",
        {"rows": selectors.handover_list(actor), "may_plan": not common.is_abroad(actor.agency)},
    )


@requires("cooperation.handover")
def handover_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = HandoverForm(posting.posted(request), actor=actor)

    def plan(d: dict[str, Any]) -> Any:
        transit = tuple(t.strip() for t in d["transit_countries"].split(",") if t.strip())
        try:
            for text in transit:
                read_country(text)
            return actions.handover_plan(
                actor=actor,
                data=actions.HandoverInput(
                    on=d["on"],
                    gate=d["gate"],
                    counterpart_id=d["counterpart"],
                    receiving_agency_ids=tuple(d["receiving_agencies"]),
                    transit_countries=transit,
                    compound_id=int(d["compound"]) if d.get("compound") else None,
                ),
            )
        except ValueError as error:  # a country not read: said on the field
            raise ValidationError({"transit_countries": str(error)}) from None

    return posting.submit(
        request,
        form,
        plan,
        lambda found: redirect("cooperation:handover", operation_id=found.pk),
        lambda: posting.form_page(request, "cooperation/handover_new.html", form),
        _("The handover is planned."),
    )


@requires("cooperation.handover")
def handover_detail(request: HttpRequest, operation_id: int) -> HttpResponse:
    page = selectors.handover_page(actor_of(request), operation_id)
    return render(
        request,
        "cooperation/handover_detail.html",
        {"h": page, "manifest_form": ManifestForm() if page.may_import else None},
    )


@requires("cooperation.handover")
@require_POST
def handover_manifest(request: HttpRequest, operation_id: int) -> HttpResponse:
    actor = actor_of(request)
    operation = selectors.handover_operation(actor, operation_id)
    form = ManifestForm(request.POST, request.FILES)
    back = redirect("cooperation:handover", operation_id=operation_id)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV or XLSX file."))
        return back
    upload = form.cleaned_data["file"]
    if upload.size > MAX_MANIFEST_BYTES:
        messages.error(request, _("The file is larger than 5 MB."))
        return back
    content = upload.read()

    def read() -> Any:
        actions.manifest_check(
            actor=actor, operation=operation, file_name=upload.name, content=content
        )
        return jobs.start(
            actor=actor,
            kind=MANIFEST,
            params={"handover": operation.pk},
            upload=content,
            upload_name=upload.name[:200],
        )

    return posting.run(request, back, read, then=lambda job: redirect("core:job", job_id=job.pk))


@requires("cooperation.handover")
@require_POST
def handover_close(request: HttpRequest, operation_id: int) -> HttpResponse:
    actor = actor_of(request)
    operation = selectors.handover_operation(actor, operation_id)
    return posting.run(
        request,
        redirect("cooperation:handover", operation_id=operation_id),
        lambda: actions.handover_close(actor=actor, operation=operation),
        _("The handover is closed."),
    )


@requires("cooperation.handover")
def reception(request: HttpRequest, handover_person_id: int) -> HttpResponse:
    """One person at the gate, on a phone."""
    actor = actor_of(request)
    person, view = selectors.reception_view(actor, handover_person_id)
    form = ReceptionForm(posting.posted(request))

    def receive(d: dict[str, Any]) -> None:
        actions.person_receive(
            actor=actor,
            person=person,
            data=actions.ReceptionInput(
                arrival=d["arrival"], identity_checked=d["identity_checked"], outcome=d["outcome"]
            ),
        )

    return posting.submit(
        request,
        form,
        receive,
        lambda _done: redirect("cooperation:handover", operation_id=person.operation_id),
        lambda: _reception_page(request, actor, person, view, form),
        _("Recorded."),
    )


def _reception_page(
    request: HttpRequest, actor: User, person: Any, view: Any, form: ReceptionForm
) -> HttpResponse:
    return posting.form_page(
        request,
        "cooperation/reception.html",
        form,
        {
            "p": view,
            "person": person,
            "form": form if person.arrival == "expected" else None,
            "need_form": NeedForm(),
            "may_receive": person.operation.status == "planned"
            and actions.handover.receives(actor, person.operation),
            "screening": selectors.screening_schedule(actor, person),
            "screening_form": ScreeningChangeForm(),
        },
    )


@requires("cooperation.handover")
@require_POST
def screening_change(request: HttpRequest, handover_person_id: int) -> HttpResponse:
    return posting.post(
        request,
        lambda actor: selectors.handover_person(actor, handover_person_id),
        lambda person: redirect("cooperation:reception", handover_person_id=person.pk),
        lambda actor, person, d: actions.screening_reschedule(
            actor=actor,
            person=person,
            data=actions.ScreeningChangeInput(on=d["on"], reason=d["reason"]),
        ),
        _("The screening interview was moved."),
        form_class=ScreeningChangeForm,
    )


@requires("cooperation.handover")
@require_POST
def need_add(request: HttpRequest, handover_person_id: int) -> HttpResponse:
    return posting.post(
        request,
        lambda actor: selectors.handover_person(actor, handover_person_id),
        lambda person: redirect("cooperation:reception", handover_person_id=person.pk),
        lambda actor, person, d: actions.need_record(
            actor=actor,
            person=person,
            data=actions.NeedInput(kind=d["kind"], agency_id=d["agency"], note=d["note"]),
        ),
        _("Need recorded."),
        form_class=NeedForm,
    )


@requires("cooperation.handover")
@require_POST
def need_done(request: HttpRequest, need_id: int) -> HttpResponse:
    actor = actor_of(request)
    need = selectors.need(actor, need_id)
    return posting.run(
        request,
        redirect("cooperation:reception", handover_person_id=need.person_id),
        lambda: actions.need_done(actor=actor, need=need, on=common.today()),
        _("Need met."),
    )


@requires("cooperation.verify")
def verification_packet(request: HttpRequest, verification_id: int) -> HttpResponse:
    """The request as a bilingual packet: the counterpart's language beside English."""
    from ctip.cooperation import packet_labels

    language = request.GET.get("lang", "km")
    if language not in packet_labels.LANGUAGES:
        language = "en"
    page = selectors.verification_page(actor_of(request), verification_id)
    return render(
        request,
        "cooperation/verification_packet.html",
        {
            "v": page,
            "language": language,
            "languages": packet_labels.LANGUAGES,
            "theirs": packet_labels.labels(language),
            "english": packet_labels.labels("en"),
        },
    )


@requires("cooperation.verify")
def person_photo(request: HttpRequest, verification_person_id: int) -> HttpResponse:
    """The photo of a person to verify (GET), or the asking side sends it (POST)."""
    actor = actor_of(request)
    if request.method == "POST":
        person = selectors.verification_person(actor, verification_person_id)
        upload = request.FILES.get("photo")
        back = redirect("cooperation:verification", verification_id=person.request_id)
        if upload is None or (upload.size or 0) > 5 * 1024 * 1024:
            messages.error(request, _("Choose a photo of at most 5 MB."))
            return back
        return posting.run(
            request,
            back,
            lambda: actions.photo_add(actor=actor, person=person, content=upload.read()),
            _("Photo sent."),
        )
    content, content_type = selectors.person_photo(actor, verification_person_id)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = "inline"
    return response
