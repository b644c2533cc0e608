"""The demo data of the cases app loads, shows contacts and notifications, and loads again
without adding anything."""

from ctip.cases.models import Case, CaseIndicator
from ctip.core import demo
from ctip.core.models import Agency, Notification


def test_demo_case_with_contacts_and_a_notification(db):
    demo.load()
    demo.load_apps()
    case = Case.objects.get(idempotency_key="demo:cases:1")
    assert CaseIndicator.objects.filter(case=case).count() == 2
    nghean = Agency.objects.get(code="btxh-nghean")
    assert Notification.objects.filter(agency=nghean, params={"case": case.reference}).exists()
    counts = (Case.objects.count(), CaseIndicator.objects.count(), Notification.objects.count())
    demo.load_apps()
    assert (Case.objects.count(), CaseIndicator.objects.count(), Notification.objects.count()) == (
        counts
    )
