from django.urls import include, path

from ctip.cases.api import legacy_path
from ctip.config.api import api
from ctip.core.views import handler400, handler403, handler404, handler500  # noqa: F401

urlpatterns = [
    # The cases API's first paths, kept as permanent redirects for one release.
    path("api/v1/cases/cases", legacy_path),
    path("api/v1/cases/cases/<path:rest>", legacy_path),
    path("api/v1/", api.urls),
    path("", include("ctip.screening.urls")),
    path("cases/", include("ctip.cases.urls")),
    path("proceedings/", include("ctip.proceedings.urls")),
    path("", include("ctip.intel.urls")),
    path("hotline/", include("ctip.hotline.urls")),
    path("compounds/", include("ctip.compounds.urls")),
    path("cooperation/", include("ctip.cooperation.urls")),
    path("", include("ctip.outreach.urls")),
    path("", include("ctip.registry.urls")),
    path("stats/", include("ctip.stats.urls")),
    path("", include("ctip.core.urls")),
]
