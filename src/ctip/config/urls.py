from django.urls import include, path
from django.utils.translation import gettext_noop as N_

from ctip.config.api import api
from ctip.core.views import error_page

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("ctip.core.urls")),
]

handler400 = error_page(400, N_("The request could not be understood."))
handler403 = error_page(403, N_("You are not allowed to see this page."))
handler404 = error_page(404, N_("This page does not exist."))
handler500 = error_page(500, N_("Something went wrong on our side; it has been logged."))
