from django.urls import include, path
from django.utils.translation import gettext_noop

from ctip.config.api import api
from ctip.core.views import error_page

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("ctip.core.urls")),
]

handler400 = error_page(400, gettext_noop("The request could not be understood."))
handler403 = error_page(403, gettext_noop("You are not allowed to see this page."))
handler404 = error_page(404, gettext_noop("This page does not exist."))
handler500 = error_page(500, gettext_noop("Something went wrong on our side; it has been logged."))
