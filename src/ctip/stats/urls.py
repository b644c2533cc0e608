from django.urls import path

from ctip.stats import views

app_name = "stats"

urlpatterns = [
    path("", views.table, name="table"),
    path("publish/", views.publish, name="publish"),
    path("releases/", views.releases, name="releases"),
    path("releases/<int:release_id>/", views.release, name="release"),
    path("releases/<int:release_id>/xlsx/", views.export_xlsx, name="export_xlsx"),
    path("releases/<int:release_id>/pdf/", views.export_pdf, name="export_pdf"),
    path("releases/<int:release_id>/unodc.csv", views.export_unodc, name="export_unodc"),
    path("budgets/", views.budgets, name="budgets"),
    path("report/", views.national_report, name="report"),
    path("ctdc/", views.ctdc, name="ctdc"),
    path("surveys/", views.surveys, name="surveys"),
    path("surveys/<int:survey_id>/", views.survey, name="survey"),
]
