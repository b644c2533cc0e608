from django.urls import path

from ctip.hotline import views

app_name = "hotline"
urlpatterns = [
    path("calls/new/", views.call_new, name="call_new"),
    path("calls/callbacks/", views.callbacks, name="callbacks"),
    path("calls/<id:call_id>/", views.call_detail, name="call"),
    path("calls/<id:call_id>/open/", views.call_open, name="call_open"),
    path("calls/<id:call_id>/called-back/", views.call_called_back, name="call_called_back"),
    path("requests/", views.request_queue, name="requests"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<id:request_id>/", views.request_detail, name="request"),
    path("requests/<id:request_id>/ransom/", views.request_ransom, name="request_ransom"),
    path("requests/<id:request_id>/evidence/", views.request_evidence, name="request_evidence"),
    path("requests/<id:request_id>/abroad/", views.request_abroad, name="request_abroad"),
    path("requests/<id:request_id>/case/", views.request_case, name="request_case"),
    path("requests/<id:request_id>/compound/", views.request_compound, name="request_compound"),
    path("requests/<id:request_id>/status/", views.request_status, name="request_status"),
    path("requests/<id:request_id>/match/", views.request_match, name="request_match"),
    path("matches/<id:match_id>/", views.match_decide, name="match_decide"),
    path("evidence/<id:tracing_evidence_id>/", views.evidence_download, name="evidence"),
    path("follow/", views.family_follow, name="follow"),
]
