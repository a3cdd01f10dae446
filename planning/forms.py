from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from articles.models import ColumnRun, Page

from .models import Notification, NotificationPreference, Slot


def writers():
    """Who may be given a slot: active staff who may write articles (通讯员, 编辑, 主编)."""
    perms = Permission.objects.filter(codename="add_article", content_type__app_label="articles")
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__permissions__in=perms) | Q(user_permissions__in=perms))
        .distinct()
        .order_by("username")
    )


class WriterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        full = f"{user.last_name}{user.first_name}".strip()
        return f"{full}({user.username})" if full else user.username


class SlotForm(forms.ModelForm):
    assignee = WriterChoiceField(label="撰稿人", queryset=None, required=False)

    class Meta:
        model = Slot
        fields = [
            "page",
            "column_run",
            "working_title",
            "assignee",
            "due_date",
            "expected_length",
            "note",
            "order",
        ]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, issue, **kwargs):
        super().__init__(*args, **kwargs)
        self.issue = issue
        self.fields["page"].queryset = Page.objects.filter(issue=issue).order_by("number")
        self.fields["page"].label_from_instance = lambda p: p.label
        self.fields["column_run"].queryset = (
            ColumnRun.objects.filter(page__issue=issue)
            .select_related("page", "column")
            .order_by("page__number", "order")
        )
        self.fields["column_run"].label_from_instance = lambda r: (
            f"{r.page.label} · {r.column.name if r.column_id else '未定栏目'}"
        )
        self.fields["assignee"].queryset = writers()
        self.fields["assignee"].help_text = Slot._meta.get_field("assignee").help_text
        self.fields["expected_length"].min_value = 1

    def clean(self):
        cleaned = super().clean()
        page, run = cleaned.get("page"), cleaned.get("column_run")
        if run is not None and page is not None and run.page_id != page.pk:
            self.add_error("column_run", f"所选栏目不在{page.label}上,请选该版的栏目或留空。")
        return cleaned


class PreferencesForm(forms.Form):
    """Two boxes per kind of notification: in the desk's inbox, by email."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        saved = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
        self.rows = []
        for kind, label in Notification.Kind.choices:
            pref = saved.get(kind)
            for channel, channel_label in (("inbox", "收件箱"), ("email", "电子邮件")):
                name = f"{kind}_{channel}"
                self.fields[name] = forms.BooleanField(
                    label=f"{label}:{channel_label}",
                    required=False,
                    initial=getattr(pref, channel) if pref else True,
                )
            self.rows.append((label, self[f"{kind}_inbox"], self[f"{kind}_email"]))

    def save(self):
        for kind in Notification.Kind.values:
            NotificationPreference.objects.update_or_create(
                user=self.user,
                kind=kind,
                defaults={
                    "inbox": self.cleaned_data[f"{kind}_inbox"],
                    "email": self.cleaned_data[f"{kind}_email"],
                },
            )
