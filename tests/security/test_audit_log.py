"""Threat: acts nobody can account for. Logins, lockouts, role changes, publishing, imports,
deletions and exports are logged with who, when and from where; nobody edits or deletes an
entry through the app; a 主编 filters and exports them; prune_audit_log keeps 180 days."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.audit import record
from accounts.models import AuditEvent

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_logins_are_logged_with_the_address(people):
    Client().post(
        "/admin/login/", {"username": "bianji", "password": PASSWORD}, REMOTE_ADDR="192.0.2.8"
    )
    Client().post("/admin/login/", {"username": "bianji", "password": "x"}, REMOTE_ADDR="192.0.2.9")
    ok = AuditEvent.objects.get(action="login")
    assert (ok.username, ok.ip_address, ok.actor) == ("bianji", "192.0.2.8", people["编辑"])
    failed = AuditEvent.objects.get(action="login_failed")
    assert (failed.username, failed.ip_address) == ("bianji", "192.0.2.9")


def test_role_changes_are_logged(people):
    people["通讯员"].groups.add(Group.objects.get(name="编辑"))
    change = AuditEvent.objects.filter(action="group_changed").first()
    assert change.target == "tongxun" and change.detail == "加入角色:编辑"


def test_entries_cannot_be_edited_or_deleted(people):
    entry = record(AuditEvent.Action.EXPORT, user=people["主编"], target="x")
    entry.detail = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(detail="x")
    client = Client()
    client.force_login(User.objects.create_superuser("root", password=PASSWORD))
    change = client.get(reverse("admin:accounts_auditevent_change", args=[entry.pk]))
    assert 'name="detail"' not in change.content.decode()
    deleted = client.post(
        reverse("admin:accounts_auditevent_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 403
    assert AuditEvent.objects.filter(pk=entry.pk).exists()


def test_a_chief_filters_and_exports_csv_and_the_export_is_logged(people):
    record(AuditEvent.Action.LOGIN, user=people["编辑"])
    record(AuditEvent.Action.LOGIN, user=people["通讯员"])
    record(AuditEvent.Action.LOGIN_FAILED, username='=HYPERLINK("http://x")')
    chief = Client()
    chief.force_login(people["主编"])
    listing = chief.get(reverse("admin:accounts_auditevent_changelist"), {"username": "bianji"})
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1
    export = chief.get(reverse("admin:accounts_auditevent_export"), {"action__exact": "login"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert export["Content-Type"].startswith("text/csv")
    assert "bianji" in text and "tongxun" in text and "HYPERLINK" not in text
    everything = chief.get(reverse("admin:accounts_auditevent_export"))
    assert "'=HYPERLINK" in b"".join(everything.streaming_content).decode("utf-8-sig")
    assert AuditEvent.objects.filter(action="export", username="zhubian").count() == 2


def test_an_editor_cannot_read_the_log(people):
    editor = Client()
    editor.force_login(people["编辑"])
    assert editor.get(reverse("admin:accounts_auditevent_changelist")).status_code == 403
    assert editor.get(reverse("admin:accounts_auditevent_export")).status_code == 403


def test_prune_keeps_at_least_180_days(people):
    old = record(AuditEvent.Action.LOGIN, user=people["编辑"])
    recent = record(AuditEvent.Action.LOGIN, user=people["编辑"])
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET at = %s WHERE id = %s",
            [timezone.now() - timedelta(days=181), old.pk],
        )
    with pytest.raises(CommandError):
        call_command("prune_audit_log", "--days", "30")
    call_command("prune_audit_log")
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
