from django.urls import path

from ctip.core import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.login_view, name="login"),
    path("login/second-factor/", views.second_factor, name="second_factor"),
    path("logout/", views.logout_view, name="logout"),
    path("language/", views.set_language, name="set_language"),
    path("healthz", views.health, name="health"),
    path("readyz", views.ready, name="ready"),
    path("metrics", views.metrics, name="metrics"),
    path("jobs/<int:job_id>/", views.job_detail, name="job"),
    path("jobs/<int:job_id>/download/", views.job_download, name="job_download"),
    path("profile/", views.profile, name="profile"),
    path("profile/logout-everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("profile/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/new/", views.agency_edit, name="agency_new"),
    path("agencies/<id:agency_id>/", views.agency_edit, name="agency_edit"),
    path("staff/", views.user_list, name="user_list"),
    path("staff/new/", views.user_edit, name="user_new"),
    path("staff/<id:user_id>/", views.user_edit, name="user_edit"),
    path(
        "staff/<id:user_id>/reset-second-factor/",
        views.user_reset_second_factor,
        name="user_reset_second_factor",
    ),
    path("staff/grants/", views.grant_list, name="grant_list"),
    path("staff/grants/<int:grant_id>/decide/", views.grant_decide, name="grant_decide"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<id:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("audit/", views.audit_list, name="audit_list"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read_all, name="notifications_read"),
    path(
        "notifications/<id:notification_id>/read/",
        views.notification_read,
        name="notification_read",
    ),
]
