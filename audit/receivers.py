"""Log-in, log-out, failed log-in and lock-out events, from Django's and axes' signals."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from audit.services import audit_record


def _organisation_of_username(username: str) -> int | None:
    """A failed log-in belongs to the trail of the account it tried (none for unknown names)."""
    return get_user_model().objects.filter(username=username).values_list("organisation_id", flat=True).first()


def _logged_in(sender, request, user, **kwargs):
    audit_record(action="login", actor=user, request=request)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action="logout", actor=user, request=request)


def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit_record(action="login_failed", actor=None, actor_name=username, request=request,
                 organisation_id=_organisation_of_username(username))


def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    username = str(username or "")[:150]
    audit_record(action="locked_out", actor=None, actor_name=username, request=request,
                 organisation_id=_organisation_of_username(username))


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="audit-login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")
    user_locked_out.connect(_locked_out, dispatch_uid="audit-locked-out")
