"""Files attached to a case, and the record of a case printed or exported."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctip.cases import documents as files
from ctip.cases.actions.checks import require_case
from ctip.cases.events import CasesEvent
from ctip.cases.models import Case, CaseDocument, DocumentKind
from ctip.core import audit
from ctip.core.models import User


@dataclass(frozen=True)
class DocumentInput:
    kind: str
    content: bytes
    file_name: str = ""
    title: str = ""


@transaction.atomic
def document_add(*, actor: User, case: Case, data: DocumentInput) -> CaseDocument:
    """Attach a file, encrypted under its own key; the upload is an event of the case."""
    require_case(actor, case, "cases.change_case")
    if data.kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose what the file is.")})
    try:
        found = files.check(data.content, photo=data.kind == DocumentKind.PHOTO)
    except ValueError as error:
        raise ValidationError({"file": str(error)}) from None
    token = files.new_token()
    key = files.write(data.content, token=token, case_id=case.pk)
    try:
        with transaction.atomic():
            document = CaseDocument.objects.create(
                case=case,
                kind=data.kind,
                title=" ".join(data.title.split())[:200],
                file_name=data.file_name[-200:],
                content_type=found.content_type,
                size=len(data.content),
                storage_name=token,
                file_key=key,
                uploaded_by=actor,
            )
            audit.record(
                CasesEvent.DOCUMENT_ADDED,
                actor=actor,
                target=case,
                fields=["file", "title"] if data.title.strip() else ["file"],
                data={"document": document.pk, "kind": data.kind, "size": len(data.content)},
            )
    except BaseException:
        files.remove(token)
        raise
    return document


@transaction.atomic
def export_recorded(*, actor: User, case: Case, kind: str) -> None:
    """Printing or exporting a case is its own permission and its own audit event."""
    require_case(actor, case, "cases.export")
    audit.record(CasesEvent.CASE_EXPORTED, actor=actor, target=case, data={"kind": kind})
