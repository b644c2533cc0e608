"""Words for the codes the registry stores: signs of an incident."""

from django.utils.translation import gettext_lazy as _

SIGN_CHOICES = [
    ("passport_taken", _("Passport or identity papers kept by someone else")),
    ("unpaid_wages", _("Wages not paid, or much less than agreed")),
    ("debt", _("A debt to the recruiter or employer that keeps growing")),
    ("threats", _("Threats to the worker or the family")),
    ("violence", _("Beaten or hurt")),
    ("no_contact", _("The family has lost contact")),
    ("cannot_leave", _("Locked in, watched, or not allowed to leave")),
    ("forced_work", _("Forced to work, or at something else than agreed")),
    ("sold", _("Sold or handed to another employer or country")),
    ("scam_compound", _("Made to scam people online")),
    ("sexual_exploitation", _("Forced into sex work")),
]
SIGN_LABELS = dict(SIGN_CHOICES)
