"""Every write of the platform core, one module a sub-domain: atomic, audited in the same
transaction. Callers import them from here."""

from ctip.core.actions.agencies import agency_create, agency_update
from ctip.core.actions.checks import AGENCY_FIELDS, RECOVERY_CODE_COUNT, USER_FIELDS, StaleEdit
from ctip.core.actions.grants import grant_decide
from ctip.core.actions.notifications import (
    notification_mark_read,
    notifications_mark_all_read,
    notifications_resolve,
    notify,
)
from ctip.core.actions.signin import (
    login_succeeded,
    recovery_codes_regenerate,
    second_factor_begin,
    second_factor_confirm,
    second_factor_verify,
)
from ctip.core.actions.tokens import IssuedToken, token_create, token_revoke
from ctip.core.actions.users import (
    user_change_password,
    user_create,
    user_logout_everywhere,
    user_reset_second_factor,
    user_set_language,
    user_update,
)

__all__ = [
    "AGENCY_FIELDS",
    "RECOVERY_CODE_COUNT",
    "USER_FIELDS",
    "IssuedToken",
    "StaleEdit",
    "agency_create",
    "agency_update",
    "grant_decide",
    "login_succeeded",
    "notification_mark_read",
    "notifications_mark_all_read",
    "notifications_resolve",
    "notify",
    "recovery_codes_regenerate",
    "second_factor_begin",
    "second_factor_confirm",
    "second_factor_verify",
    "token_create",
    "token_revoke",
    "user_change_password",
    "user_create",
    "user_logout_everywhere",
    "user_reset_second_factor",
    "user_set_language",
    "user_update",
]
