from django.urls import path

from ctip.cases import views, views_children, views_handover

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("search/", views.case_search, name="search"),
    path("import/", views.case_import, name="import"),
    path("providers/", views.provider_list, name="providers"),
    path("<id:case_id>/", views.case_detail, name="detail"),
    path("<id:case_id>/move/", views.case_move, name="move"),
    path("<id:case_id>/consent/", views.case_consent, name="consent"),
    path("<id:case_id>/screening/", views.case_screening, name="screening"),
    path("<id:case_id>/statement/", views.case_statement, name="statement"),
    path("<id:case_id>/note/", views.case_note, name="note"),
    path("<id:case_id>/print/", views.case_print, name="print"),
    path("<id:case_id>/decide/", views.case_decide, name="decide"),
    path("<id:case_id>/refer/", views.case_refer, name="refer"),
    path("<id:case_id>/deliveries/", views.case_delivery, name="delivery"),
    path("<id:case_id>/duplicates/", views.case_duplicates, name="duplicates"),
    path("<id:case_id>/plan/", views.case_plan, name="plan"),
    path("<id:case_id>/assign/", views.case_assign, name="assign"),
    path("<id:case_id>/compound/", views.case_compound, name="compound"),
    path("<id:case_id>/share/", views.case_share, name="share"),
    path("<id:case_id>/followups/", views.case_schedule, name="schedule"),
    path("<id:case_id>/child/age/", views_children.child_age, name="child_age"),
    path("<id:case_id>/child/guardians/", views_children.child_guardian, name="child_guardian"),
    path("<id:case_id>/child/interview/", views_children.child_interview, name="child_interview"),
    path("<id:case_id>/child/consent/", views_children.child_consent, name="child_consent"),
    path(
        "<id:case_id>/child/best-interests/",
        views_children.child_best_interests,
        name="child_best_interests",
    ),
    path("<id:case_id>/handover/", views_handover.handover_send, name="handover_send"),
    path("handovers/<id:handover_id>/", views_handover.handover_detail, name="handover"),
    path(
        "handovers/<id:handover_id>/end-access/",
        views_handover.handover_end_access,
        name="handover_end_access",
    ),
    path("shares/<id:share_id>/revoke/", views.share_revoke, name="share_revoke"),
    path("<id:case_id>/documents/", views.case_document_add, name="document_add"),
    path("documents/<id:document_id>/", views.document_download, name="document"),
    path("<id:case_id>/contacts/", views.case_indicator_add, name="indicator_add"),
    path(
        "contacts/<id:contact_id>/remove/",
        views.case_indicator_remove,
        name="indicator_remove",
    ),
    path("decisions/<id:decision_id>/approve/", views.decision_approve, name="approve"),
    path("referrals/<id:referral_id>/", views.referral_detail, name="referral"),
    path("followups/<id:followup_id>/", views.followup_detail, name="followup"),
    path("links/<id:link_id>/undo/", views.link_undo, name="link_undo"),
]
