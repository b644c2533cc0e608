from django.urls import path

from ctip.cooperation import joint_views, views
from ctip.core.roots import app_root

app_name = "cooperation"

urlpatterns = [
    path(
        "",
        app_root("cooperation:verifications", "cooperation:handovers", "cooperation:joints"),
        name="root",
    ),
    path("verifications/", views.verification_list, name="verifications"),
    path("verifications/new/", views.verification_new, name="verification_new"),
    path("verifications/<id:verification_id>/", views.verification_detail, name="verification"),
    path(
        "verifications/<id:verification_id>/packet/",
        views.verification_packet,
        name="verification_packet",
    ),
    path(
        "verification-persons/<id:verification_person_id>/answer/",
        views.verification_answer,
        name="verification_answer",
    ),
    path(
        "verification-persons/<id:verification_person_id>/photo/",
        views.person_photo,
        name="person_photo",
    ),
    path("handovers/", views.handover_list, name="handovers"),
    path("handovers/new/", views.handover_new, name="handover_new"),
    path("handovers/<id:operation_id>/", views.handover_detail, name="handover"),
    path("handovers/<id:operation_id>/manifest/", views.handover_manifest, name="manifest"),
    path("handovers/<id:operation_id>/close/", views.handover_close, name="handover_close"),
    path("handover-persons/<id:handover_person_id>/", views.reception, name="reception"),
    path("handover-persons/<id:handover_person_id>/needs/", views.need_add, name="need_add"),
    path(
        "handover-persons/<id:handover_person_id>/screening/",
        views.screening_change,
        name="screening_change",
    ),
    path("needs/<id:need_id>/done/", views.need_done, name="need_done"),
    path("joint-investigations/", joint_views.joint_list, name="joints"),
    path("joint-investigations/<id:joint_id>/", joint_views.joint_detail, name="joint"),
    path(
        "joint-investigations/<id:joint_id>/requests/",
        joint_views.assistance_send,
        name="assistance_send",
    ),
    path(
        "assistance-requests/<id:assistance_request_id>/answer/",
        joint_views.assistance_answer,
        name="assistance_answer",
    ),
]
