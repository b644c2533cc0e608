from django.urls import path

from ctip.core.roots import app_root
from ctip.proceedings import views

app_name = "proceedings"

urlpatterns = [
    path(
        "",
        app_root("proceedings:cases", "proceedings:denunciations", "proceedings:figures"),
        name="root",
    ),
    path("denunciations/", views.denunciation_list, name="denunciations"),
    path("denunciations/new/", views.denunciation_new, name="denunciation_new"),
    path("denunciations/<int:denunciation_id>/", views.denunciation_detail, name="denunciation"),
    path(
        "denunciations/<int:denunciation_id>/extend/",
        views.denunciation_extend,
        name="denunciation_extend",
    ),
    path(
        "denunciations/<int:denunciation_id>/resolve/",
        views.denunciation_resolve,
        name="denunciation_resolve",
    ),
    path("cases/", views.case_list, name="cases"),
    path("figures/", views.figures_table, name="figures"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:criminal_case_id>/", views.case_detail, name="case"),
    path("cases/<int:criminal_case_id>/decide/", views.case_decide, name="case_decide"),
    path("cases/<int:criminal_case_id>/accused/", views.accused_add, name="accused_add"),
    path("cases/<int:criminal_case_id>/charges/", views.charge_add, name="charge_add"),
    path("cases/<int:criminal_case_id>/victims/", views.victim_add, name="victim_add"),
    path("cases/<int:criminal_case_id>/measures/", views.measure_add, name="measure_add"),
    path("cases/<int:criminal_case_id>/outcome/", views.outcome_record, name="outcome_record"),
    path("cases/<int:criminal_case_id>/sentence/", views.sentence_record, name="sentence_record"),
    path(
        "cases/<int:criminal_case_id>/compensation/",
        views.victim_compensation,
        name="victim_compensation",
    ),
    path("cases/<int:criminal_case_id>/links/", views.link_add, name="link_add"),
    path("cases/<int:criminal_case_id>/assets/", views.asset_add, name="asset_add"),
    path("cases/<int:criminal_case_id>/asset-status/", views.asset_status, name="asset_status"),
    path("cases/<int:criminal_case_id>/share/", views.file_share, name="file_share"),
    path(
        "cases/<int:criminal_case_id>/share/<int:agency_id>/end/",
        views.file_share_revoke,
        name="file_share_revoke",
    ),
    path("cases/<int:criminal_case_id>/joint/", views.joint_share, name="joint_share"),
    path("cases/<int:criminal_case_id>/transfers/", views.accused_transfer, name="transfer_add"),
]
