"""Notices by e-mail, through Django's e-mail backend (SMTP in production).

Each staff member a notice is addressed to and who has an e-mail address gets one short
message in their own language: a sentence and a link to their inbox. Never the subject's
parameters, never a name: an e-mail leaves the platform and may be read on any device.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ctip.core.language import language_of
from ctip.core.models import Notification, User

log = logging.getLogger(__name__)


def recipients(notice: Notification) -> list[User]:
    """Active staff of the notice's agency it is addressed to, holding its permission, with
    an e-mail address."""
    users = User.objects.filter(agency_id=notice.agency_id, is_active=True).exclude(email="")
    if notice.user_id is not None:
        users = users.filter(pk=notice.user_id)
    needed = notice.permission
    return [u for u in users.order_by("pk") if not needed or u.has_ctip_perm(needed)]


def message_for(user: User) -> EmailMessage:
    link = settings.CTIP_BASE_URL.rstrip("/") + reverse("core:notifications")
    with translation.override(language_of(user)):
        subject = _("CTIP: a new notice is waiting for you")
        body = _("A new notice is waiting for you in CTIP: %(link)s") % {"link": link}
    return EmailMessage(subject, body + "\n", settings.DEFAULT_FROM_EMAIL, [user.email])


def send_notice(notice_id: int) -> int:
    """E-mail the notice's recipients; returns how many messages went out. A mail server
    that does not answer is logged: the notice stays in the inbox either way."""
    notice = Notification.objects.filter(pk=notice_id, resolved_at__isnull=True).first()
    if notice is None:
        return 0
    messages = [message_for(user) for user in recipients(notice)]
    if not messages:
        return 0
    try:
        with get_connection(fail_silently=False) as connection:
            return int(connection.send_messages(messages) or 0)
    except (OSError, smtplib.SMTPException):
        log.warning("Notice %s could not be sent by e-mail", notice_id, exc_info=True)
        return 0
