from django.urls import path

from ctip.core.roots import app_root
from ctip.hotline.views import calls, family, request_page, requests

app_name = "hotline"
urlpatterns = [
    path(
        "",
        app_root("hotline:requests", "hotline:callbacks", "hotline:call_new"),
        name="root",
    ),
    path("calls/new/", calls.call_new, name="call_new"),
    path("calls/callbacks/", calls.callbacks, name="callbacks"),
    path("calls/<id:call_id>/", calls.call_detail, name="call"),
    path("calls/<id:call_id>/open/", calls.call_open, name="call_open"),
    path("calls/<id:call_id>/called-back/", calls.call_called_back, name="call_called_back"),
    path("requests/", requests.request_queue, name="requests"),
    path("requests/new/", requests.request_new, name="request_new"),
    path("requests/<id:request_id>/", request_page.request_detail, name="request"),
    path("requests/<id:request_id>/ransom/", request_page.request_ransom, name="request_ransom"),
    path(
        "requests/<id:request_id>/evidence/",
        request_page.request_evidence,
        name="request_evidence",
    ),
    path(
        "requests/<id:request_id>/hand-over/",
        request_page.request_hand_over,
        name="request_hand_over",
    ),
    path("requests/<id:request_id>/abroad/", request_page.request_abroad, name="request_abroad"),
    path("requests/<id:request_id>/case/", request_page.request_case, name="request_case"),
    path(
        "requests/<id:request_id>/compound/",
        request_page.request_compound,
        name="request_compound",
    ),
    path("requests/<id:request_id>/status/", request_page.request_status, name="request_status"),
    path("requests/<id:request_id>/match/", request_page.request_match, name="request_match"),
    path("matches/<id:match_id>/", request_page.match_decide, name="match_decide"),
    path("evidence/<id:tracing_evidence_id>/", request_page.evidence_download, name="evidence"),
    path("follow/", family.family_follow, name="follow"),
]
