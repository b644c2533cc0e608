from django.urls import path

from ctip.core.roots import app_root
from ctip.registry import views, views_abroad

app_name = "registry"

urlpatterns = [
    # Public: no login.
    path("recruiters/", views.lookup, name="lookup"),
    path("recruiters/changes/", views.status_changes, name="status_changes"),
    # Staff.
    path(
        "registry/",
        app_root(
            "registry:enterprises", "registry:incidents", "registry:workers", "registry:boards"
        ),
        name="root",
    ),
    path("registry/enterprises/", views.enterprise_list, name="enterprises"),
    path("registry/enterprises/import/", views.list_import, name="import"),
    path("registry/enterprises/<id:enterprise_id>/", views.enterprise_detail, name="enterprise"),
    path(
        "registry/enterprises/<id:enterprise_id>/status/",
        views.enterprise_status,
        name="enterprise_status",
    ),
]

urlpatterns += [
    # Public: a worker abroad or a family reports an incident.
    path("abroad/report/", views_abroad.incident_public, name="incident_report"),
    # Public: its reporter follows it with the reference and the secret.
    path("abroad/report/status/", views_abroad.incident_follow, name="incident_follow"),
    # Staff.
    path("registry/incidents/", views_abroad.incident_list, name="incidents"),
    path("registry/incidents/new/", views_abroad.incident_new, name="incident_new"),
    path("registry/incidents/<id:incident_id>/", views_abroad.incident_detail, name="incident"),
    path(
        "registry/incidents/<id:incident_id>/acknowledge/",
        views_abroad.incident_acknowledge,
        name="incident_acknowledge",
    ),
    path(
        "registry/incidents/<id:incident_id>/close/",
        views_abroad.incident_close,
        name="incident_close",
    ),
    path(
        "registry/incidents/<id:incident_id>/compound/",
        views_abroad.incident_compound,
        name="incident_compound",
    ),
    path(
        "registry/incidents/<id:incident_id>/case/",
        views_abroad.incident_case,
        name="incident_case",
    ),
    path("registry/workers/", views_abroad.worker_list, name="workers"),
    path("registry/workers/new/", views_abroad.worker_new, name="worker_new"),
    path("registry/workers/<id:worker_id>/", views_abroad.worker_detail, name="worker"),
    path(
        "registry/workers/<id:worker_id>/orientation/",
        views_abroad.worker_orientation,
        name="worker_orientation",
    ),
    path("registry/contracts/new/", views_abroad.contract_new, name="contract_new"),
    path("registry/boards/", views_abroad.board_list, name="boards"),
    path("registry/boards/new/", views_abroad.board_new, name="board_new"),
]
