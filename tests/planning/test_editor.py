"""The article editor's helpers: the panel is on the form, and a draft kept in the browser
is saved only through the version check, so a stale copy never overwrites a newer save."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from articles.models import Article
from planning.models import Slot
from tests.conftest import change_form_data

from .conftest import place

pytestmark = pytest.mark.django_db
EDITOR_JS = Path(settings.BASE_DIR) / "static" / "desk" / "editor.js"


@pytest.fixture
def draft(issue, staff):
    return place(
        issue.pages.get(number=1),
        "泸州市科协开展科普活动",
        status=Article.Status.DRAFT,
        author=staff["通讯员"],
        body="本报讯 近日,泸州市科协开展科普活动。",
    )[0]


def test_the_form_carries_the_live_preview_count_and_draft_keeping(client, staff, draft):
    Slot.objects.create(page=draft.page, working_title="约稿", expected_length=800, article=draft)
    client.force_login(staff["通讯员"])
    page = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert 'id="live-editor"' in page and 'id="live-preview"' in page
    assert f'data-user="{staff["通讯员"].pk}"' in page and f'data-article="{draft.pk}"' in page
    assert 'data-expected-length="800"' in page and "稿位:约稿 · 约 800 字" in page
    assert "desk/editor.js" in page and "desk/editor.css" in page
    assert '<div class="editor-layout">' in page
    # The add form has it too: a new story typed on a phone is kept as well.
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'data-article="new"' in page


def test_no_draft_keeping_on_a_form_the_user_cannot_save(client, staff, draft):
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.SUBMITTED)
    client.force_login(staff["通讯员"])
    page = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert 'id="live-editor"' not in page


def test_a_stale_browser_copy_never_overwrites_a_newer_save(client, staff, draft):
    """The correspondent typed on version 1 and closed the tab; the editor then saved
    version 2. The restored copy carries version 1 in expected_version (editor.js sets
    it from the draft), so saving it is refused, naming the editor, and the editor's
    text stays; the correspondent's text is still in the form to compare."""
    url = reverse("admin:articles_article_change", args=[draft.pk])
    client.force_login(staff["通讯员"])
    kept = change_form_data(client.get(url))  # what the browser kept: version 1
    assert kept["expected_version"] == 1
    kept["body"] = "本报讯 通讯员在断网前写的新段落。"

    client.force_login(staff["编辑"])
    newer = change_form_data(client.get(url))
    newer["body"] = "本报讯 编辑改定的正文。"
    newer["_continue"] = "1"
    assert client.post(url, newer).status_code == 302
    assert Article.objects.get(pk=draft.pk).version == 2

    client.force_login(staff["通讯员"])
    response = client.post(url, {**kept, "_continue": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "保存被拒绝:王编辑(wangbj)" in page and "第 1 版上修改的" in page
    assert "通讯员在断网前写的新段落" in page  # the restored text is not lost
    saved = Article.objects.get(pk=draft.pk)
    assert saved.body == "本报讯 编辑改定的正文。" and saved.version == 2


def test_a_browser_copy_of_the_current_version_saves(client, staff, draft):
    url = reverse("admin:articles_article_change", args=[draft.pk])
    client.force_login(staff["通讯员"])
    kept = change_form_data(client.get(url))
    kept["body"] = "本报讯 关掉标签页前写好的全文。"
    assert client.post(url, {**kept, "_continue": "1"}).status_code == 302
    saved = Article.objects.get(pk=draft.pk)
    assert saved.body == "本报讯 关掉标签页前写好的全文。" and saved.version == 2


@pytest.mark.skipif(shutil.which("node") is None, reason="需要 node 运行 static/desk/editor.js")
def test_paste_cleaning_removes_control_characters_and_nothing_else():
    pasted = "本报讯\u0000 近日,\u0007泸州\x1b[0m市科协\r\n\r\n\t活动\u0085吸引了\u200b群众。\x7f"
    script = (
        "global.window = {addEventListener() {}}; global.document = {addEventListener() {}};"
        f"require({json.dumps(str(EDITOR_JS))});"
        "const e = window.kexiebaoEditor;"
        f"process.stdout.write(JSON.stringify([e.clean({json.dumps(pasted)}),"
        " e.characters('本报讯 近日,\\n\\n泸州市科协。')]));"
    )
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    cleaned, count = json.loads(out.stdout)
    # Control characters go (the escape's printable tail stays: it is text); line breaks
    # become \n, the tab stays, and a zero-width space is not a control character.
    assert cleaned == "本报讯 近日,泸州[0m市科协\n\n\t活动吸引了\u200b群众。"
    assert count == 12  # the same count as planning.fill.characters
