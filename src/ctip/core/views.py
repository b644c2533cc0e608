"""Pages of the platform core: sign-in, second factor, profile, agencies, staff, audit."""

from __future__ import annotations

import time
from datetime import datetime
from datetime import time as dtime
from typing import Any, cast

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ctip.core import actions, keys, lockout, posting, selectors
from ctip.core.access import public, requires, signed_in
from ctip.core.auth import actor_of
from ctip.core.forms import (
    AgencyForm,
    AuditFilterForm,
    CodeForm,
    ConfirmCodeForm,
    LanguageForm,
    LoginForm,
    PasswordChangeForm,
    TokenForm,
    UserForm,
    add_errors,
)
from ctip.core.models import User
from ctip.core.pagination import page_of
from ctip.core.roles import PERMISSIONS, ROLES


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _safe_next(request: HttpRequest, default: str = "core:dashboard") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    from django.urls import reverse

    return reverse(default)


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 86400,
        samesite="Lax",
        httponly=True,
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
    )


# Sign-in ---------------------------------------------------------------------------------


@public
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.session.get("ctip_second_factor"):
        return redirect("core:dashboard")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = _client_ip(request)
        username = form.cleaned_data["username"]
        candidate = User.objects.filter(username__iexact=username).first()
        refusal = lockout.begin(lockout.Factor.PASSWORD, account=username, ip=ip)
        if refusal is lockout.Refusal.ADDRESS:
            form.add_error(
                None,
                _("Too many sign-in attempts from this address. Wait ten minutes and try again."),
            )
        elif refusal is lockout.Refusal.ACCOUNT:
            # Unknown names lock out like real ones, so the message reveals no account.
            form.add_error(
                None,
                _(
                    "This account is locked for a few minutes after repeated "
                    "failed sign-ins. Try again later or ask your administrator."
                ),
            )
        else:
            user = authenticate(
                request,
                username=candidate.username if candidate else username,
                password=form.cleaned_data["password"],
            )
            if user is None:
                lockout.failed(lockout.Factor.PASSWORD, user=candidate, account=username, ip=ip)
                form.add_error(None, _("Wrong username or password."))
            else:
                lockout.succeeded(lockout.Factor.PASSWORD, account=username, ip=ip)
                user = cast(User, user)
                login(request, user)
                actions.login_succeeded(user=user, ip=ip)
                request.session["ctip_epoch"] = user.session_epoch
                request.session["ctip_seen"] = int(time.time())
                skip = not user.needs_second_factor or (settings.CTIP_DEMO and user.is_demo)
                request.session["ctip_second_factor"] = skip
                target = _safe_next(request) if skip else _second_factor_url(request)
                response = redirect(target)
                _set_language_cookie(response, user.preferred_language)
                return response
    return render(
        request,
        "core/login.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )


def _second_factor_url(request: HttpRequest) -> str:
    from django.urls import reverse

    url = reverse("core:second_factor")
    nxt = request.POST.get("next") or request.GET.get("next")
    return f"{url}?next={nxt}" if nxt else url


@signed_in(before_second_factor=True)
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    if request.session.get("ctip_second_factor"):
        return redirect("core:dashboard")
    if not user.has_second_factor:
        return _second_factor_setup(request, user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = _client_ip(request)
        account = str(user.pk)
        if lockout.begin(lockout.Factor.CODE, account=account, ip=ip) is not None:
            logout(request)
            messages.error(request, _("Too many wrong codes. Sign in again in a few minutes."))
            return redirect("core:login")
        if actions.second_factor_verify(user=user, code=form.cleaned_data["code"]):
            lockout.succeeded(lockout.Factor.CODE, account=account, ip=ip)
            request.session.cycle_key()
            request.session["ctip_second_factor"] = True
            return redirect(_safe_next(request))
        lockout.failed(lockout.Factor.CODE, user=user, account=account, ip=ip)
        form.add_error("code", _("That code is not valid."))
    return render(
        request, "core/second_factor.html", {"form": form}, status=400 if form.errors else 200
    )


def _second_factor_setup(request: HttpRequest, user: User) -> HttpResponse:
    form = ConfirmCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and user.totp_secret:
        try:
            codes = actions.second_factor_confirm(actor=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_errors(exc, form)
        else:
            request.session.cycle_key()
            request.session["ctip_second_factor"] = True
            return render(request, "core/recovery_codes.html", {"codes": codes})
    if not user.totp_secret or request.method == "GET":
        uri = actions.second_factor_begin(actor=user)
    else:
        import pyotp

        uri = pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.username, issuer_name="CTIP")
    qr = segno.make(uri, error="m").svg_inline(
        scale=4, dark="#111", light="#fff", title=_("QR code for your authenticator app")
    )
    return render(
        request,
        "core/second_factor_setup.html",
        {"form": form, "qr": qr, "secret": user.totp_secret},
        status=400 if form.errors else 200,
    )


@signed_in(before_second_factor=True)
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("core:login")


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Unknown language."), status=400, content_type="text/plain")
    language = form.cleaned_data["language"]
    response = redirect(_safe_next(request, "core:login"))
    _set_language_cookie(response, language)
    if request.user.is_authenticated and request.session.get("ctip_second_factor"):
        actions.user_set_language(actor=actor_of(request), language=language)
    return response


@public
def health(request: HttpRequest) -> HttpResponse:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    problem = keys_problem()
    if problem:
        return JsonResponse({"status": "error", "detail": problem}, status=503)
    return JsonResponse({"status": "ok"})


_keys_checked = False


def keys_problem() -> str:
    """Why the keys cannot open the data ('' when they can; checked once per process)."""
    global _keys_checked
    if not _keys_checked:
        try:
            keys.check_keys()
        except ImproperlyConfigured as exc:
            return str(exc)
        _keys_checked = True
    return ""


@public
def ready(request: HttpRequest) -> HttpResponse:
    from ctip.core.health import readiness

    return readiness()


@public
def metrics(request: HttpRequest) -> HttpResponse:
    from ctip.core.metrics import metrics_response

    return metrics_response(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    from ctip.core.middleware import is_api
    from ctip.core.problems import problem

    detail = _("Your form expired or came from another site. Reload the page and try again.")
    if is_api(request):
        return problem(403, detail)
    return render(request, "core/error.html", {"status": 403, "detail": detail}, status=403)


def error_page(status: int, detail: str) -> Any:
    def view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
        from ctip.core.middleware import is_api
        from ctip.core.problems import default_detail, problem

        if is_api(request):
            return problem(status, default_detail(status))
        return render(
            request, "core/error.html", {"status": status, "detail": _(detail)}, status=status
        )

    return view


# Staff pages --------------------------------------------------------------------------------


@requires("core.view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    from ctip.core import worklist

    actor = actor_of(request)
    charts = [
        {"series": s, "id": f"chart-{n}", "svg": worklist.svg(s, f"chart-{n}")}
        for n, s in enumerate(worklist.charts(actor))
    ]
    return render(request, "core/dashboard.html", {"work": worklist.items(actor), "charts": charts})


@signed_in
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    form = PasswordChangeForm(request.POST or None)

    def changed(_done: None) -> HttpResponse:
        # This session goes on; the others were ended.
        request.session["ctip_epoch"] = user.session_epoch
        from django.contrib.auth import update_session_auth_hash

        update_session_auth_hash(request, user)
        return redirect("core:profile")

    roles = [ROLES[r].label for r in user.roles if r in ROLES]
    return posting.submit(
        request,
        form,
        lambda data: actions.user_change_password(
            actor=user, old_password=data["old_password"], new_password=data["new_password"]
        ),
        changed,
        lambda: posting.form_page(request, "core/profile.html", form, {"roles": roles}),
        _("Your password was changed. Other sessions were ended."),
    )


@signed_in
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    actions.user_logout_everywhere(actor=actor_of(request))
    logout(request)
    messages.info(request, _("You were signed out on every device."))
    return redirect("core:login")


@signed_in
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = actions.recovery_codes_regenerate(actor=actor_of(request))
    return render(request, "core/recovery_codes.html", {"codes": codes})


@requires("core.manage_agencies")
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = selectors.agencies_managed_by(actor_of(request))
    return render(
        request, "core/agency_list.html", {"page": page_of(request, agencies, per_page=50)}
    )


@requires("core.manage_agencies")
@require_http_methods(["GET", "POST"])
def agency_edit(request: HttpRequest, agency_id: int | None = None) -> HttpResponse:
    actor = actor_of(request)
    scope = selectors.agencies_managed_by(actor)
    agency = get_object_or_404(scope, pk=agency_id) if agency_id else None
    initial: dict[str, Any] = {"parent": actor.agency}
    if agency is not None:
        initial = {
            f: getattr(agency, f)
            for f in (
                "code",
                "type",
                "name_vi",
                "name_en",
                "province",
                "country",
                "parent",
                "is_active",
                "version",
            )
        }
    form = AgencyForm(
        request.POST or None, initial=initial, parents=scope, editing=agency is not None
    )

    def save(data: dict[str, Any]) -> None:
        values = dict(data)
        if agency is None:
            values.pop("is_active")
            actions.agency_create(actor=actor, **values)
            return
        values.pop("code")
        if values.get("parent") is None:
            values.pop("parent")
        actions.agency_update(actor=actor, agency=agency, **values)

    return posting.submit(
        request,
        form,
        save,
        lambda _saved: redirect("core:agency_list"),
        lambda: posting.form_page(request, "core/agency_form.html", form, {"agency": agency}),
        _("Agency saved."),
    )


@requires("core.manage_users")
def user_list(request: HttpRequest) -> HttpResponse:
    users = selectors.staff_managed_by(actor_of(request))
    return render(request, "core/user_list.html", {"page": page_of(request, users, per_page=50)})


@requires("core.manage_users")
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, user_id: int | None = None) -> HttpResponse:
    actor = actor_of(request)
    staff = get_object_or_404(selectors.staff_managed_by(actor), pk=user_id) if user_id else None
    agencies = (
        selectors.agencies_managed_by(actor)
        if actor.has_ctip_perm("core.manage_agencies")
        else actor.agency.__class__.objects.filter(pk=actor.agency_id)
    )
    initial: dict[str, Any] = {"agency": actor.agency}
    if staff is not None:
        initial = {
            f: getattr(staff, f)
            for f in (
                "username",
                "display_name",
                "email",
                "agency",
                "roles",
                "is_active",
                "version",
            )
        }
    form = UserForm(
        request.POST or None, initial=initial, agencies=agencies, editing=staff is not None
    )

    def save(data: dict[str, Any]) -> None:
        if staff is None:
            actions.user_create(
                actor=actor,
                agency=data["agency"],
                username=data["username"],
                password=data["password"],
                roles=data["roles"],
                display_name=data["display_name"],
                email=data["email"],
            )
        else:
            actions.user_update(
                actor=actor,
                user=staff,
                display_name=data["display_name"],
                email=data["email"],
                roles=data["roles"],
                is_active=data["is_active"],
                version=data["version"],
            )

    return posting.submit(
        request,
        form,
        save,
        lambda _saved: redirect("core:user_list"),
        lambda: posting.form_page(request, "core/user_form.html", form, {"staff": staff}),
        _("Account saved."),
    )


@requires("core.manage_users")
@require_POST
def user_reset_second_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = actor_of(request)
    staff = get_object_or_404(selectors.staff_managed_by(actor), pk=user_id)
    if actions.user_reset_second_factor(actor=actor, user=staff):
        messages.success(
            request, _("The second factor was reset; the user sets it up at next sign-in.")
        )
    else:
        messages.info(
            request,
            _("The reset waits for a second administrator: this account reads personal data."),
        )
    return redirect("core:user_edit", user_id=staff.pk)


@requires("core.manage_tokens")
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    users = (
        selectors.staff_managed_by(actor)
        if actor.has_ctip_perm("core.manage_users")
        else User.objects.filter(pk=actor.pk)
    )
    # Tokens go to machine-client accounts (no password to sign in with) or to oneself:
    # a token for a person's account would let its issuer act as that person.
    form = TokenForm(
        request.POST or None,
        users=users.filter(is_active=True).filter(
            Q(pk=actor.pk) | Q(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        ),
        scope_choices=[(c, f"{c} — {label}") for c, label in PERMISSIONS.items()],
    )
    issued = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = actions.token_create(
                actor=actor,
                user=data["user"],
                name=data["name"],
                scopes=data["scopes"],
                days=data["days"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_errors(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)), form)
        else:
            if issued.token.awaiting_approval:
                messages.info(
                    request,
                    _("The token works once a second administrator approves its scopes."),
                )
    tokens = selectors.tokens_managed_by(actor)
    return render(
        request,
        "core/token_list.html",
        {"form": form, "page": page_of(request, tokens, per_page=50), "issued": issued},
        status=400 if form.errors else 200,
    )


@requires("core.manage_tokens")
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    actor = actor_of(request)
    token = get_object_or_404(selectors.tokens_managed_by(actor), pk=token_id)
    actions.token_revoke(actor=actor, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("core:token_list")


@requires("core.view_audit")
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        tz = timezone.get_current_timezone()
        filters = {
            "event_type": data["event_type"].strip().upper(),
            "actor_label": data["actor"].strip(),
            "target_type": data["target_type"].strip(),
            "target_id": data["target_id"].strip(),
            "since": datetime.combine(data["since"], dtime.min, tz) if data["since"] else None,
            "until": datetime.combine(data["until"], dtime.min, tz) if data["until"] else None,
        }
    events = selectors.audit_events(actor_of(request), **filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "page": page_of(request, events, per_page=50), "query": query.urlencode()},
        status=400 if form.errors else 200,
    )


# Notifications -------------------------------------------------------------------------------


@requires("core.view_dashboard")
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    unread_only = request.GET.get("show") == "unread"
    rows = selectors.inbox(actor, unread_only=unread_only)
    return render(
        request,
        "core/notification_list.html",
        {
            "page": page_of(request, rows, per_page=50),
            "show": "unread" if unread_only else "all",
            "query": "show=unread" if unread_only else "",
            "unread": selectors.unread_count(actor),
        },
    )


@requires("core.view_dashboard")
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark a notice read, then follow its link (``open``) or come back to the inbox."""
    actor = actor_of(request)
    notice = selectors.notification(actor, notification_id)
    actions.notification_mark_read(actor=actor, notification=notice)
    if request.POST.get("open") and notice.link:
        return redirect(notice.link)
    return redirect(_safe_next(request, "core:notifications"))


@requires("core.view_dashboard")
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = actions.notifications_mark_all_read(actor=actor_of(request))
    if count:
        messages.success(request, _("All notifications marked as read."))
    return redirect("core:notifications")


handler400 = error_page(400, gettext_noop("The request could not be understood."))
handler403 = error_page(403, gettext_noop("You are not allowed to see this page."))
handler404 = error_page(404, gettext_noop("This page does not exist."))
handler500 = error_page(500, gettext_noop("Something went wrong on our side; it has been logged."))


@requires("core.manage_users")
def grant_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    grants = selectors.grants_managed_by(actor)
    return render(request, "core/grant_list.html", {"page": page_of(request, grants, per_page=50)})


@requires("core.manage_users")
@require_POST
def grant_decide(request: HttpRequest, grant_id: int) -> HttpResponse:
    actor = actor_of(request)
    grant = get_object_or_404(selectors.grants_managed_by(actor), pk=grant_id)
    approve = request.POST.get("decision") == "approve"
    try:
        actions.grant_decide(actor=actor, grant=grant, approve=approve)
    except (ValidationError, PermissionDenied) as exc:
        for text in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
            messages.error(request, text)
    else:
        messages.success(request, _("Request approved.") if approve else _("Request refused."))
    return redirect("core:grant_list")


# Background jobs -------------------------------------------------------------------------


def _job(request: HttpRequest, job_id: int) -> tuple[Any, Any]:
    from ctip.core import jobs

    return jobs.visible_job(actor_of(request), job_id)


@signed_in
@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    """A job's progress (the page reloads itself until it ends), then its summary."""
    job, spec = _job(request, job_id)
    context: dict[str, Any] = {"job": job, "spec": spec, "errors": job.errors or {}}
    if job.status == job.Status.DONE:
        context |= spec.context(job.summary or {})
    if spec.back_url is not None:
        context["back_url"] = spec.back_url(job)
    if job.total:
        context["percent"] = min(100, round(100 * job.done / job.total))
    return render(request, "core/job.html", context)


@signed_in
@require_GET
def job_download(request: HttpRequest, job_id: int) -> HttpResponse:
    import base64

    job, _spec = _job(request, job_id)
    if job.status != job.Status.DONE or not job.result:
        raise Http404
    response = HttpResponse(base64.b64decode(job.result), content_type=job.result_type)
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    return response
