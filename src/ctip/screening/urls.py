from django.urls import path

from ctip.screening import views

app_name = "screening"

urlpatterns = [
    path("check/", views.check, name="check"),
    path("checks/", views.saved_checks, name="checks"),
]
