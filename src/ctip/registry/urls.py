from django.urls import path

from ctip.registry import views

app_name = "registry"

urlpatterns = [
    # Public: no login.
    path("recruiters/", views.lookup, name="lookup"),
    # Staff.
    path("registry/enterprises/", views.enterprise_list, name="enterprises"),
    path("registry/enterprises/import/", views.list_import, name="import"),
    path("registry/enterprises/<id:enterprise_id>/", views.enterprise_detail, name="enterprise"),
    path(
        "registry/enterprises/<id:enterprise_id>/status/",
        views.enterprise_status,
        name="enterprise_status",
    ),
]
