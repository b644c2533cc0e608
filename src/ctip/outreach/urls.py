from django.urls import path

from ctip.outreach import feeds, views

app_name = "outreach"

urlpatterns = [
    path("outreach/", views.campaigns, name="campaigns"),
    path("outreach/campaigns/new/", views.campaign_new, name="campaign_new"),
    path("outreach/campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path(
        "outreach/campaigns/<int:campaign_id>/cancel/",
        views.campaign_cancel,
        name="campaign_cancel",
    ),
    path(
        "outreach/campaigns/<int:campaign_id>/outcomes/",
        views.campaign_outcomes,
        name="campaign_outcomes",
    ),
    path("outreach/lists/", views.lists, name="lists"),
    path("outreach/do-not-contact/", views.do_not_contact, name="do_not_contact"),
    path("outreach/warnings/", views.warnings, name="warnings"),
    path("outreach/warnings/<int:warning_id>/", views.warning_detail, name="warning"),
    path(
        "outreach/warnings/from-network/", views.warning_from_network, name="warning_from_network"
    ),
    path("outreach/warnings/from-lure/", views.warning_from_lure, name="warning_from_lure"),
    path(
        "outreach/warnings/<int:warning_id>/publish/", views.warning_publish, name="warning_publish"
    ),
    path(
        "outreach/warnings/<int:warning_id>/withdraw/",
        views.warning_withdraw,
        name="warning_withdraw",
    ),
    path("outreach/training/", views.training, name="training"),
    path("outreach/training/sessions/<int:session_id>/", views.session_detail, name="session"),
    path("warnings/", views.public_warnings, name="public_warnings"),
    path("warnings/<int:warning_id>/", views.public_warning, name="public_warning"),
    path("warnings/feed/", feeds.warnings_feed, name="feed"),
]
