"""The one shape of an action posted from a record's page (``ctip.core.posting``)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.test import RequestFactory

from ctip.core import posting
from ctip.core.actions import StaleEdit
from ctip.core.models import User
from tests.conftest import World


class NoteForm(forms.Form):
    title = forms.CharField(label="Title", error_messages={"required": "Give a title."})
    note = forms.CharField(label="Note", required=False)


def _request(user: User, data: dict[str, str]) -> HttpRequest:
    request = RequestFactory().post("/somewhere/", data)
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _said(request: HttpRequest) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def _page(record: str) -> HttpResponse:
    return HttpResponseRedirect(f"/records/{record}/")


def _post(request: HttpRequest, act: Any, **kwargs: Any) -> HttpResponse:
    return posting.post(
        request, lambda actor: "r1", _page, act, "Saved.", form_class=NoteForm, **kwargs
    )


def _never(actor: User, record: str, data: dict[str, Any]) -> None:
    raise AssertionError("the action must not run on a wrong form")


def test_a_wrong_form_goes_back_with_its_errors_named_by_field(world: World) -> None:
    request = _request(world.users["intake_officer"], {"note": "no title"})
    response = _post(request, _never)
    assert response.status_code == 302
    assert response["Location"] == "/records/r1/"
    assert _said(request) == [("error", "Title: Give a title.")]


def test_an_action_refused_goes_back_with_its_reasons(world: World) -> None:
    def refuse(actor: User, record: str, data: dict[str, Any]) -> None:
        raise ValidationError({"note": "A note is needed here.", "other": "Not now."})

    request = _request(world.users["intake_officer"], {"title": "Hello"})
    response = _post(request, refuse)
    assert response["Location"] == "/records/r1/"
    assert _said(request) == [("error", "Note: A note is needed here."), ("error", "Not now.")]


def test_a_record_changed_meanwhile_is_said_whole(world: World) -> None:
    def stale(actor: User, record: str, data: dict[str, Any]) -> None:
        raise StaleEdit("Someone else saved this in the meantime.")

    request = _request(world.users["intake_officer"], {"title": "Hello"})
    response = _post(request, stale)
    assert response["Location"] == "/records/r1/"
    assert _said(request) == [("error", "Someone else saved this in the meantime.")]
    # A button with no form says it the same way.
    request = _request(world.users["intake_officer"], {})
    response = posting.post(request, lambda actor: "r2", _page, stale, "Saved.")
    assert response["Location"] == "/records/r2/"
    assert _said(request) == [("error", "Someone else saved this in the meantime.")]


def test_done_says_so_and_goes_then(world: World) -> None:
    seen: list[tuple[User, str, dict[str, Any]]] = []

    def act(actor: User, record: str, data: dict[str, Any]) -> int:
        seen.append((actor, record, data))
        return 7

    request = _request(world.users["intake_officer"], {"title": "Hello"})
    response = _post(request, act, then=lambda n: HttpResponseRedirect(f"/made/{n}/"))
    assert response["Location"] == "/made/7/"
    assert seen == [(world.users["intake_officer"], "r1", {"title": "Hello", "note": ""})]
    assert _said(request) == [("success", "Saved.")]
    # Without ``then``, back to the page; the result may give the sentences.
    request = _request(world.users["intake_officer"], {"title": "Hello"})
    response = posting.post(
        request,
        lambda actor: "r1",
        _page,
        act,
        lambda n: [f"{n} made.", "", "Check them."],
        form_class=NoteForm,
    )
    assert response["Location"] == "/records/r1/"
    assert _said(request) == [("success", "7 made."), ("success", "Check them.")]


def test_again_shows_the_form_with_its_errors_in_place(world: World) -> None:
    def refuse(actor: User, record: str, data: dict[str, Any]) -> None:
        raise ValidationError({"title": "This title is taken."})

    shown: list[forms.Form] = []

    def again(record: str, form: forms.Form) -> HttpResponse:
        shown.append(form)
        return HttpResponse(status=400)

    request = _request(world.users["intake_officer"], {"title": "Hello"})
    response = _post(request, refuse, again=again)
    assert response.status_code == 400
    assert shown[0].errors == {"title": ["This title is taken."]}
    assert _said(request) == []


# A page that shows its own form (a new record) ----------------------------------------------


def _submit(request: HttpRequest, act: Any, **kwargs: Any) -> HttpResponse:
    form = NoteForm(request.POST if request.method == "POST" else None)
    return posting.submit(
        request,
        form,
        act,
        lambda made: HttpResponseRedirect(f"/records/{made}/"),
        lambda: HttpResponse(f"page {form.errors.as_data() if form.is_bound else ''}"),
        "Created.",
        **kwargs,
    )


def test_a_new_record_page_is_shown_then_created(world: World) -> None:
    shown = RequestFactory().get("/new/")
    shown.user = world.users["intake_officer"]
    assert _submit(shown, lambda data: "never").content == b"page "
    request = _request(world.users["intake_officer"], {"title": "T"})
    response = _submit(request, lambda data: f"n-{data['title']}")
    assert response["Location"] == "/records/n-T/"
    assert _said(request) == [("success", "Created.")]


def test_a_new_record_refused_shows_the_page_with_the_reasons_on_the_form(
    world: World,
) -> None:
    wrong = _request(world.users["intake_officer"], {"note": "no title"})
    assert b"Give a title." in _submit(wrong, lambda data: "never").content

    def refuse(data: dict[str, Any]) -> str:
        raise ValidationError({"note": "Too vague."})

    refused = _request(world.users["intake_officer"], {"title": "T"})
    response = _submit(refused, refuse)
    assert response.status_code == 200
    assert b"Too vague." in response.content
    assert _said(refused) == []

    def stale(data: dict[str, Any]) -> str:
        raise StaleEdit

    assert (
        _submit(_request(world.users["intake_officer"], {"title": "T"}), stale).status_code == 200
    )


def test_a_part_beside_the_form_is_checked_too(world: World) -> None:
    class Part:
        def is_valid(self) -> bool:
            return False

    request = _request(world.users["intake_officer"], {"title": "T"})
    assert _submit(request, lambda data: "never", also=[Part()]).status_code == 200
    assert _said(request) == []


def test_every_part_is_checked_even_when_the_form_is_refused(world: World) -> None:
    checked: list[str] = []

    class Part:
        def __init__(self, name: str) -> None:
            self.name = name

        def is_valid(self) -> bool:
            checked.append(self.name)
            return False

    request = _request(world.users["intake_officer"], {"note": "no title"})
    response = _submit(request, lambda data: "never", also=[Part("rows"), Part("more rows")])
    assert response.status_code == 200
    assert b"Give a title." in response.content
    assert checked == ["rows", "more rows"]


# The page that shows the form: 400 when it came back refused -----------------------------


def _form_page(
    monkeypatch: pytest.MonkeyPatch, request: HttpRequest, form: forms.Form, *args: Any, **kw: Any
) -> tuple[int, tuple[str, dict[str, Any]]]:
    shown: list[tuple[str, dict[str, Any]]] = []

    def render(
        request: HttpRequest, template: str, context: dict[str, Any], status: int
    ) -> HttpResponse:
        shown.append((template, context))
        return HttpResponse(status=status)

    monkeypatch.setattr(posting, "render", render)
    response = posting.form_page(request, "app/page.html", form, *args, **kw)
    return response.status_code, shown[0]


def test_the_form_page_is_200_until_a_posted_form_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = RequestFactory().get("/new/")
    shown.user = world.users["intake_officer"]
    form = NoteForm()
    assert _form_page(monkeypatch, shown, form, {"extra": 1}) == (
        200,
        ("app/page.html", {"form": form, "extra": 1}),
    )
    right = NoteForm({"title": "T"})
    assert _form_page(monkeypatch, shown, right)[0] == 200
    wrong = NoteForm({"note": "no title"})
    assert _form_page(monkeypatch, shown, wrong, {"extra": 1}) == (
        400,
        ("app/page.html", {"form": wrong, "extra": 1}),
    )
    # An action's refusal put on a valid form counts the same.
    refused = NoteForm({"title": "T"})
    assert refused.is_valid()
    posting.to_form(refused, ValidationError("Too late."))
    assert _form_page(monkeypatch, shown, refused)[0] == 400


def test_the_form_page_is_400_when_a_part_beside_the_form_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Part:
        def __init__(self, bound: bool, valid: bool) -> None:
            self.is_bound = bound
            self.valid = valid

        def is_valid(self) -> bool:
            return self.valid

    request = _request(world.users["intake_officer"], {"title": "T"})
    form = NoteForm(request.POST)
    assert _form_page(monkeypatch, request, form, also=[Part(True, True)])[0] == 200
    assert _form_page(monkeypatch, request, form, also=[Part(False, False)])[0] == 200
    assert _form_page(monkeypatch, request, form, also=[Part(True, False)])[0] == 400


def test_the_form_page_context_may_show_no_form(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = _request(world.users["intake_officer"], {"note": "no title"})
    form = NoteForm(request.POST)
    status, (_template, context) = _form_page(monkeypatch, request, form, {"form": None})
    assert (status, context) == (400, {"form": None})
