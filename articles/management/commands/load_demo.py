import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from articles import changes, compose, workflow
from articles.importer.decode import decode_bytes
from articles.importer.load import Resolver, import_page
from articles.models import Article, Issue

DEMO_ISSUE = 3109
DEMO_DATE = datetime.date(2024, 8, 9)
DEMO_PAGES = [
    (1, "要闻", "000_84a5d6706068d560.txt"),
    (2, "地方科协", "002_09cbbc799debb5d4.txt"),
    (3, "科协之窗", "004_94daeb47120638e2.txt"),
]
DEMO_USER = ("editor", "kexiebao-demo")
DEMO_CORRESPONDENT = ("tongxun", "kexiebao-demo", "通讯员")
NEXT_ISSUE = DEMO_ISSUE + 1


class Command(BaseCommand):
    help = "装入演示报纸:种子组织与栏目、三版旧版面文本(已发布的一期)和一个演示编辑账号。"

    def handle(self, *args, **options):
        seeds = Path(settings.BASE_DIR) / "seeds"
        call_command("loaddata", str(seeds / "paper.json"), verbosity=0)
        changes.site_changed()  # fixture rows are saved raw: no signal announces them
        resolver = Resolver()
        for number, name, filename in DEMO_PAGES:
            path = seeds / "pages" / filename
            decoded = decode_bytes(path.read_bytes(), path.name)
            result = import_page(
                decoded.text,
                source_name=path.name,
                encoding=decoded.encoding,
                issue_number=DEMO_ISSUE,
                page_number=number,
                page_name=name,
                date=DEMO_DATE,
                publish=True,
                resolver=resolver,
            )
            self.stdout.write(result.summary)

        username, password = DEMO_USER
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            user.set_password(password)
            user.save()
        chief = Group.objects.filter(name="主编").first()
        if chief:
            user.groups.add(chief)
        call_command("demo_facsimiles", issue=DEMO_ISSUE, stdout=self.stdout)
        self.next_issue(user)
        self.stdout.write(
            self.style.SUCCESS(
                f"演示报纸已就绪。读者网站 http://127.0.0.1:8000/ ,编辑后台 http://127.0.0.1:8000/admin/ "
                f"(主编账号 {username},密码 {password};通讯员账号 {DEMO_CORRESPONDENT[0]},"
                f"密码 {DEMO_CORRESPONDENT[1]})"
            )
        )

    def next_issue(self, chief):
        """Next week's issue, started from this one's structure, with one submitted story."""
        if Issue.objects.filter(number=NEXT_ISSUE).exists():
            return
        issue = compose.start_from_previous(
            number=NEXT_ISSUE, date=DEMO_DATE + datetime.timedelta(days=7), user=chief
        )
        username, password, role = DEMO_CORRESPONDENT
        User = get_user_model()
        correspondent, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "first_name": "通讯员"}
        )
        if created:
            correspondent.set_password(password)
            correspondent.save()
        group = Group.objects.filter(name=role).first()
        if group:
            correspondent.groups.add(group)
        article = Article.objects.create(
            title="泸州市科协开展“科普进社区”活动",
            body=(
                "本报讯 近日,泸州市科协组织科普志愿者走进社区,开展防灾减灾科普宣传,"
                "发放宣传资料200余份。\n\n社区居民纷纷表示,活动实用、接地气。"
            ),
            page=issue.pages.order_by("number").first(),
            position=1,
            author=correspondent,
        )
        workflow.apply(article, "submit", correspondent)
        self.stdout.write(f"{issue}:已沿用上一期版面结构新建,并有一篇待审稿件。")
