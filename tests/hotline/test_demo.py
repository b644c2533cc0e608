"""The hotline's demo data loads through the actions, fills the operator's screens, and
loads again without adding anything."""

from ctip.core import demo
from ctip.core.models import User
from ctip.hotline import selectors
from ctip.hotline.models import Call, RansomDemand, TracingRequest


def test_demo_calls_a_tracing_request_and_a_callback(db):
    demo.load()
    demo.load_apps()
    assert Call.objects.count() == 2
    request = TracingRequest.objects.get()
    assert RansomDemand.objects.filter(request=request).count() == 1
    operator = User.objects.get(username="hotline-operator.hotline-111")
    assert [r.reference for r in selectors.queue(operator).rows] == [request.reference]
    demo.load_apps()
    assert (Call.objects.count(), TracingRequest.objects.count()) == (2, 1)
