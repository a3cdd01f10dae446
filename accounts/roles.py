"""What the 主编 role adds for security: unlock logins, read and export the audit log, reset a
colleague's second factor (delete their device; they enrol again at the next login)."""

CHIEF_SECURITY = [
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accesslog",
    "accounts.view_auditevent",
    "otp_totp.view_totpdevice",
    "otp_totp.delete_totpdevice",
    "otp_static.view_staticdevice",
    "otp_static.delete_staticdevice",
]


def grant_chief_security(Group, Permission):
    chief = Group.objects.filter(name="主编").first()
    if chief is None:
        return
    for code in CHIEF_SECURITY:
        app, codename = code.split(".")
        chief.permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
