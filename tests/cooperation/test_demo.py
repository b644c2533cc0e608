"""The cooperation demo loads through the actions, on both sides of the border, and loads
again without adding anything."""

from ctip.cooperation.models import HandoverOperation, HandoverPerson, VerificationRequest
from ctip.core import demo
from ctip.core.models import Notification
from ctip.hotline.models import TracingRequest


def test_demo_verification_list_and_a_planned_handover(db):
    demo.load()
    demo.load_apps()
    request = VerificationRequest.objects.get()
    assert request.persons.count() == 3
    operation = HandoverOperation.objects.get()
    assert HandoverPerson.objects.filter(operation=operation).count() == 3
    # The young man whose mother called the hotline is on the manifest: the police who
    # handle her tracing request are told.
    sought = TracingRequest.objects.get()
    assert Notification.objects.filter(
        agency=sought.police, kind="tracing", params__request=sought.reference
    ).exists()
    demo.load_apps()
    assert (VerificationRequest.objects.count(), HandoverOperation.objects.count()) == (1, 1)
    assert HandoverPerson.objects.count() == 3
