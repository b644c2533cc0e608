from django.urls import path

from ctip.core.roots import app_root
from ctip.screening import views

app_name = "screening"

urlpatterns = [
    path("screening/", app_root("screening:checks", "screening:check"), name="root"),
    path("check/", views.check, name="check"),
    path("checks/", views.saved_checks, name="checks"),
]
