from django.urls import path

from ctip.compounds import views

app_name = "compounds"

urlpatterns = [
    path("", views.compound_list, name="list"),
    path("new/", views.compound_new, name="new"),
    path("<id:compound_id>/", views.compound_detail, name="detail"),
    path("<id:compound_id>/edit/", views.compound_edit, name="edit"),
    path("<id:compound_id>/status/", views.compound_status, name="status"),
]
