"""The second factor at the desk: the code after the password, enrolment, recovery codes."""

from django import forms
from django.contrib import auth, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .admin_site import safe_next
from .audit import record
from .models import AuditEvent
from .second_factor import has_second_factor

RECOVERY_CODES = 10
desk_user_required = staff_member_required(login_url="admin:login")


class CodeForm(forms.Form):
    token = forms.CharField(
        label="验证码",
        max_length=16,
        help_text="手机验证器上的 6 位数字;手机不在身边时,输入一个恢复码(每个只能用一次)。",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


def _context(request, title, **extra):
    from django.contrib import admin

    # Before the second factor the desk's menus are not shown: they would only bounce.
    context = {**admin.site.each_context(request), "title": title, **extra}
    context.update(available_apps=[], is_nav_sidebar_enabled=False)
    return context


def _new_recovery_codes(user):
    device, _ = StaticDevice.objects.get_or_create(user=user, name="恢复码")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


@never_cache
@desk_user_required
def verify(request):
    """The code after the password."""
    user = request.user
    if not has_second_factor(user):
        return redirect(f"{reverse('accounts:setup')}?{request.GET.urlencode()}")
    target = safe_next(request, reverse("admin:index"))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip().replace(" ", "")
        for device in devices_for_user(user):
            accepted = verify_token(user, device.persistent_id, token)
            if accepted is not None:
                otp_login(request, accepted)
                record(AuditEvent.Action.OTP_VERIFIED, request=request, detail=accepted.name)
                if isinstance(accepted, StaticDevice):
                    left = accepted.token_set.count()
                    messages.warning(request, f"已使用一个恢复码,还剩 {left} 个。")
                return redirect(target)
        record(AuditEvent.Action.OTP_FAILED, request=request)
        form.add_error("token", "验证码不正确或已过期;连续出错后需要稍等片刻才能再试。")
    return render(
        request,
        "accounts/verify.html",
        _context(request, "双重验证", form=form, next=target),
    )


@never_cache
@desk_user_required
def setup(request):
    """Enrolment: scan the QR code with an authenticator app, confirm with a code."""
    user = request.user
    if has_second_factor(user):
        if not user.is_verified():
            return redirect(f"{reverse('accounts:verify')}?{request.GET.urlencode()}")
        return render(request, "accounts/enrolled.html", _context(request, "双重验证"))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="手机验证器", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip().replace(" ", "")
        with transaction.atomic():
            if device.verify_token(token):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                codes = _new_recovery_codes(user)
                otp_login(request, device)
                record(AuditEvent.Action.OTP_ENROLLED, request=request, detail=device.name)
                return render(
                    request,
                    "accounts/recovery_codes.html",
                    _context(
                        request,
                        "恢复码",
                        codes=codes,
                        next=safe_next(request, reverse("admin:index")),
                    ),
                )
        form.add_error("token", "验证码不正确:请确认手机时间准确,再输入验证器上当前的 6 位数字。")
    return render(
        request,
        "accounts/setup.html",
        _context(
            request,
            "启用双重验证",
            form=form,
            qr_svg=_qr_svg(device.config_url),
            secret=_base32(device),
            next=safe_next(request, reverse("admin:index")),
        ),
    )


@never_cache
@desk_user_required
@require_POST
def recovery_codes(request):
    """New recovery codes (the old ones stop working); only after the second factor."""
    if not has_second_factor(request.user) or not request.user.is_verified():
        return redirect("accounts:setup")
    codes = _new_recovery_codes(request.user)
    record(AuditEvent.Action.RECOVERY_CODES, request=request)
    return render(
        request,
        "accounts/recovery_codes.html",
        _context(request, "恢复码", codes=codes, next=reverse("admin:index")),
    )


@require_POST
def logout(request):
    auth.logout(request)
    return redirect("admin:login")


def _qr_svg(url):
    import segno

    # Generated here, never by a third-party service: the URL holds the secret.
    return segno.make(url, error="m").svg_inline(scale=4, light="#fff", title="双重验证二维码")


def _base32(device):
    from base64 import b32encode

    return b32encode(device.bin_key).decode("ascii")
