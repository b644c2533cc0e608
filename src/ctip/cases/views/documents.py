"""Files attached to a case: upload (kept in memory, encrypted) and download."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from ctip.cases import actions, documents, selectors
from ctip.cases.forms import DocumentForm
from ctip.cases.views.common import case_page
from ctip.core import posting
from ctip.core.access import requires
from ctip.core.auth import actor_of


@requires("cases.change_case")
@require_POST
@csrf_exempt
def case_document_add(request: HttpRequest, case_id: int) -> HttpResponse:
    # The upload handlers must be replaced before anything reads the body, the CSRF check
    # included: the default ones would spool a large file in clear to the temporary folder.
    request.upload_handlers = [documents.MemoryOnlyUploadHandler(request)]
    return _document_add(request, case_id)


@csrf_protect
def _document_add(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = DocumentForm(request.POST, request.FILES)
    if getattr(request, "upload_too_large", False):
        messages.error(
            request,
            _("The file is larger than %(max)s MB.") % {"max": documents.MAX_BYTES // 2**20},
        )
        return redirect("cases:detail", case_id=case.pk)
    if not form.is_valid():
        posting.invalid(request, form)
        return case_page(case)
    upload = form.cleaned_data["file"]
    return posting.run(
        request,
        case_page(case),
        lambda: actions.document_add(
            actor=actor,
            case=case,
            data=actions.DocumentInput(
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                file_name=upload.name or "",
                content=upload.read(),
            ),
        ),
        _("File attached."),
    )


@requires("cases.view_case")
@require_GET
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    """The decrypted file, as a download (never shown inline), audited."""
    actor = actor_of(request)
    found = selectors.document(actor, document_id)
    try:
        content = selectors.document_content(actor, found)
    except documents.DocumentError:
        messages.error(request, _("This file cannot be read. Tell your administrator."))
        return redirect("cases:detail", case_id=found.case_id)
    return documents.attachment(found, content)
