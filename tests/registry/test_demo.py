"""The registry's demo data loads through the actions, answers the public recruiter check,
and loads again without adding anything."""

from django.test import Client

from ctip.core import demo
from ctip.registry.models import Enterprise, Incident, Worker


def test_demo_enterprises_a_worker_and_an_incident(db):
    demo.load()
    demo.load_apps()
    assert Enterprise.objects.count() == 3
    assert Enterprise.objects.filter(status="revoked").count() == 1
    assert Worker.objects.count() == 1
    assert Incident.objects.count() == 1
    answer = Client().get("/recruiters/", {"q": "Hoàng Long"})
    assert "301/LĐTBXH-GP".encode() in answer.content  # the licence, not the query echoed
    demo.load_apps()
    assert (Enterprise.objects.count(), Worker.objects.count(), Incident.objects.count()) == (
        3,
        1,
        1,
    )
