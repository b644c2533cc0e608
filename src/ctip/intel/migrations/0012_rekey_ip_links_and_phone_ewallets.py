"""Re-derive the keys whose normalisation changed.

- A link to a bare IP address was a ``url`` indicator keyed on the address; it is now the
  ``ip`` indicator of that address (a private address, refused as an ``ip`` today, stays a
  ``url`` as it was stored).
- An e-wallet whose number is a phone number on a block the phone metadata did not list
  ("momo:0892473617") was keyed on its digits; it is now keyed on the E.164 number like
  every other phone wallet ("momo:+84892473617"). Where both keys exist, the reports,
  partner sightings, verifications, freeze requests and their accounts, and disputes of the old one move to the new
  one and the old one goes.

Clusters are not recomputed here: run ``ctip intel rebuild`` after migrating.
"""

from django.db import migrations


def _rekey(apps, schema_editor):
    from ctip.intel.engine.base import InvalidIndicator
    from ctip.intel.engine.indicators import normalise

    Indicator = apps.get_model("intel", "Indicator")
    for row in Indicator.objects.filter(kind__in=("url", "ewallet")).iterator():
        try:
            if row.kind == "url":
                if "/" in row.key:
                    continue
                found = normalise("ip", row.key)
            else:
                provider, _, account = row.key.partition(":")
                found = normalise("ewallet", account, bank=provider)
        except InvalidIndicator:
            continue
        if (found.kind, found.key) == (row.kind, row.key):
            continue
        target = Indicator.objects.filter(kind=found.kind, key=found.key).first()
        if target is None:
            row.kind, row.key, row.display = found.kind, found.key, found.display
            row.save(update_fields=["kind", "key", "display"])
        else:
            _merge(apps, row, target)


def _merge(apps, old, target):
    ReportIndicator = apps.get_model("intel", "ReportIndicator")
    PartnerSighting = apps.get_model("intel", "PartnerSighting")
    Verification = apps.get_model("intel", "Verification")
    FreezeRequest = apps.get_model("intel", "FreezeRequest")
    EvidenceItem = apps.get_model("intel", "EvidenceItem")
    FreezeAccount = apps.get_model("intel", "FreezeAccount")
    Dispute = apps.get_model("intel", "Dispute")
    named = set(
        ReportIndicator.objects.filter(indicator=target).values_list("report_id", flat=True)
    )
    ReportIndicator.objects.filter(indicator=old, report_id__in=named).delete()
    ReportIndicator.objects.filter(indicator=old).update(indicator=target)
    bundles = set(
        PartnerSighting.objects.filter(indicator=target).values_list("bundle_id", flat=True)
    )
    PartnerSighting.objects.filter(indicator=old, bundle_id__in=bundles).delete()
    PartnerSighting.objects.filter(indicator=old).update(indicator=target)
    EvidenceItem.objects.filter(indicator=old).update(indicator=target)
    FreezeAccount.objects.filter(indicator=old).update(indicator=target)
    Dispute.objects.filter(indicator=old).update(indicator=target)
    verified = set(
        Verification.objects.filter(indicator=target).values_list("agency_id", flat=True)
    )
    Verification.objects.filter(indicator=old, agency_id__in=verified).delete()
    Verification.objects.filter(indicator=old).update(indicator=target)
    for request in FreezeRequest.objects.filter(indicators=old):
        request.indicators.remove(old)
        request.indicators.add(target)
    target.reports = ReportIndicator.objects.filter(indicator=target).count()
    seen = [t for t in (old.first_seen, target.first_seen) if t is not None]
    last = [t for t in (old.last_seen, target.last_seen) if t is not None]
    target.first_seen = min(seen) if seen else None
    target.last_seen = max(last) if last else None
    target.partner_sources = (
        PartnerSighting.objects.filter(indicator=target).values("source_id").distinct().count()
    )
    target.save(update_fields=["reports", "first_seen", "last_seen", "partner_sources"])
    old.delete()


class Migration(migrations.Migration):
    dependencies = [("intel", "0011_indicator_kinds_email_ip_app_apk_hash")]

    operations = [migrations.RunPython(_rekey, migrations.RunPython.noop)]
