import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda m: f"{m._meta.app_label}.{m._meta.model_name}"
)
def test_a_superuser_opens_every_changelist_and_add_form(admin_client, seed_paper, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = admin_client.get(changelist)
    assert response.status_code == 200, changelist
    model_admin = admin.site._registry[model]
    if model_admin.has_add_permission(type("R", (), {"user": response.wsgi_request.user})()):
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert admin_client.get(add).status_code == 200, add


def test_the_admin_speaks_chinese(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert "科协报编辑部" in response.content.decode()
    assert "站点管理" in response.content.decode() or "编辑工作台" in response.content.decode()
