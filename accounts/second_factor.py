"""Who needs a second factor (TOTP) to open the desk.

Everyone who can edit others' work or publish: 编辑, 主编 and superusers. A 通讯员 may
enrol; once they have, their code is asked too. ``OTP_REQUIRED`` (DJANGO_OTP_REQUIRED)
is on unless DJANGO_DEBUG is (the local demo): a password alone never opens the desk
for those roles with production settings.
"""

from django.conf import settings
from django_otp import devices_for_user

SECOND_FACTOR_ROLES = ("编辑", "主编")


def must_use_second_factor(user):
    if not settings.OTP_REQUIRED or not user.is_authenticated:
        return False
    cached = getattr(user, "_must_use_second_factor", None)
    if cached is None:
        cached = (
            user.is_superuser
            or user.groups.filter(name__in=SECOND_FACTOR_ROLES).exists()
            or has_second_factor(user)
        )
        user._must_use_second_factor = cached
    return cached


def has_second_factor(user):
    return any(True for _ in devices_for_user(user, confirmed=True))


def second_factor_satisfied(request):
    user = request.user
    return not must_use_second_factor(user) or user.is_verified()
