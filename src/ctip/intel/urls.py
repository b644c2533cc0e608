from django.urls import path

from ctip.core.roots import app_root
from ctip.intel import views, views_freeze, views_institutions, views_triage

app_name = "intel"

urlpatterns = [
    # Public: no login.
    path("report/", views.report_public, name="report"),
    path("lookup/", views.lookup, name="lookup"),
    path("report/status/", views_triage.follow, name="follow"),
    path("lookup/dispute/", views_triage.dispute_open, name="dispute_open"),
    # Staff.
    path(
        "intel/",
        app_root(
            "intel:reports",
            "intel:triage",
            "intel:clusters",
            "intel:inbox",
            "intel:freeze_list",
            "intel:partners",
            "intel:institutions",
        ),
        name="root",
    ),
    path("intel/reports/", views.report_list, name="reports"),
    path("intel/reports/new/", views.report_new, name="report_new"),
    path("intel/reports/<id:report_id>/", views.report_detail, name="report_detail"),
    path("intel/reports/<id:report_id>/evidence/", views.evidence_add, name="evidence_add"),
    path("intel/reports/<id:report_id>/package/", views.evidence_package, name="package"),
    path("intel/triage/", views_triage.triage_queue, name="triage"),
    path("intel/reports/<id:report_id>/triage/", views_triage.report_triage, name="report_triage"),
    path("intel/disputes/<id:dispute_id>/", views_triage.dispute_detail, name="dispute"),
    path("intel/indicators/<id:indicator_id>/", views.indicator_detail, name="indicator"),
    path("intel/indicators/<id:indicator_id>/verify/", views.indicator_verify, name="verify"),
    path(
        "intel/indicators/<id:indicator_id>/compound/",
        views.indicator_compound,
        name="indicator_compound",
    ),
    path("intel/clusters/", views.cluster_list, name="clusters"),
    path("intel/clusters/rebuild/", views.clusters_rebuild, name="clusters_rebuild"),
    path("intel/clusters/<slug:cluster_id>/", views.cluster_detail, name="cluster"),
    path(
        "intel/clusters/<slug:cluster_id>/compound/",
        views.cluster_compound,
        name="cluster_compound",
    ),
    path(
        "intel/clusters/<slug:cluster_id>/evidence/",
        views.cluster_evidence_add,
        name="cluster_evidence_add",
    ),
    path(
        "intel/clusters/<slug:cluster_id>/package/", views.cluster_package, name="cluster_package"
    ),
    path("intel/partners/", views.partner_list, name="partners"),
    path("intel/partners/export/", views.indicators_export, name="export"),
    path("intel/partners/import/", views.partner_import, name="partner_import"),
    path("intel/partners/<id:source_id>/", views.partner_detail, name="partner"),
    path("intel/freeze/", views.freeze_list, name="freeze_list"),
    path("intel/freeze/new/", views.freeze_new, name="freeze_new"),
    path("intel/freeze/<id:freeze_id>/", views.freeze_detail, name="freeze"),
    path("intel/institutions/", views_institutions.institution_list, name="institutions"),
    path(
        "intel/institutions/<id:institution_code_id>/withdraw/",
        views_institutions.institution_code_remove,
        name="institution_remove",
    ),
    path("intel/inbox/", views.inbox, name="inbox"),
    path("intel/inbox/<id:freeze_id>/", views.inbox_detail, name="inbox_detail"),
    path(
        "intel/inbox/accounts/<id:account_id>/answer/",
        views_freeze.account_answer,
        name="account_answer",
    ),
    path(
        "intel/inbox/accounts/<id:account_id>/release/",
        views_freeze.account_release,
        name="account_release",
    ),
    path(
        "intel/inbox/accounts/<id:account_id>/return/",
        views_freeze.account_return,
        name="account_return",
    ),
    path("intel/evidence/<id:evidence_id>/", views.evidence_detail, name="evidence"),
    path("intel/evidence/<id:evidence_id>/transfer/", views.evidence_transfer, name="transfer"),
    path("intel/evidence/<id:evidence_id>/download/", views.evidence_download, name="download"),
]
