from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from newsroom.text import pinyin_key, split_aliases, unicode_slug


class OrganizationQuerySet(models.QuerySet):
    def name_index(self):
        """Every name an organisation is printed under (full, short, aliases) -> organisation."""
        index = {}
        for org in self.only("id", "name", "short_name", "aliases", "slug"):
            for name in org.all_names():
                index.setdefault(name, org)
        return index

    def matching(self, name):
        """The organisation printed as ``name`` (full name, short name or alias), or None."""
        name = (name or "").strip()
        if not name:
            return None
        exact = self.filter(models.Q(name=name) | models.Q(short_name=name)).first()
        if exact:
            return exact
        return self.name_index().get(name)


class Organization(models.Model):
    class Kind(models.TextChoices):
        KEXIE = "kexie", "科协"
        SENIOR = "senior", "老科协"
        SOCIETY = "society", "学会"
        GOVERNMENT = "government", "政府部门"
        INSTITUTE = "institute", "科研院所"
        COMPANY = "company", "企业"
        OTHER = "other", "其他"

    class Level(models.TextChoices):
        NATIONAL = "national", "全国"
        PROVINCE = "province", "省级"
        CITY = "city", "市(州)级"
        COUNTY = "county", "县(区)级"
        OTHER = "other", "其他"

    name = models.CharField(
        "全称", max_length=120, unique=True, help_text="正式全称,例如“泸州市科学技术协会”。"
    )
    short_name = models.CharField(
        "简称", max_length=60, blank=True, help_text="报上常用的简称,例如“泸州市科协”。"
    )
    aliases = models.JSONField(
        "别名",
        default=list,
        blank=True,
        help_text="其他写法,每行一个,例如旧称或错别字写法。导入时按全称、简称和别名匹配。",
    )
    slug = models.SlugField("网址标识", max_length=120, unique=True, allow_unicode=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.KEXIE)
    level = models.CharField("级别", max_length=20, choices=Level.choices, default=Level.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级组织",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    region = models.CharField("地区", max_length=60, blank=True, help_text="例如“泸州市”“甘孜州”。")
    province = models.CharField("省份", max_length=20, default="四川省", blank=True)
    description = models.TextField("简介", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering = ["name"]
        indexes = [models.Index(fields=["short_name"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name=""), name="organization_name_not_empty"
            ),
            models.CheckConstraint(
                condition=~models.Q(slug=""), name="organization_slug_not_empty"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.aliases = split_aliases(self.aliases)
        if not self.slug:
            self.slug = unicode_slug(self.short_name or self.name, fallback_prefix="org")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organizations:organization", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        return self.short_name or self.name

    def all_names(self):
        names = [self.name]
        if self.short_name:
            names.append(self.short_name)
        names.extend(self.aliases or [])
        return [n for n in names if n]


class PersonQuerySet(models.QuerySet):
    def staff_reporters(self):
        return self.filter(is_staff_reporter=True)

    def matching(self, name):
        """People printed as ``name``: by name, then by alias."""
        name = (name or "").strip()
        found = list(self.filter(name=name))
        if found:
            return found
        return [p for p in self.exclude(aliases=[]) if name in (p.aliases or [])]

    def sounding_like(self, name):
        """People whose name has the same toneless pinyin (张跃鸣 / 张跃明)."""
        return self.filter(pinyin=pinyin_key(name)).exclude(name=name)


class Person(models.Model):
    name = models.CharField("姓名", max_length=40)
    is_staff_reporter = models.BooleanField(
        "本报记者", default=False, help_text="勾选表示本报记者;署名中写作“本报记者 某某”。"
    )
    aliases = models.JSONField(
        "别名", default=list, blank=True, help_text="同一人的其他写法(如同音错字),每行一个。"
    )
    pinyin = models.CharField(
        "拼音",
        max_length=120,
        blank=True,
        editable=False,
        db_index=True,
        help_text="由姓名自动生成,用于发现同音不同字的重名。",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="所属组织",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["name", "id"]
        indexes = [models.Index(Lower("name"), name="person_name_lower")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="person_name_not_empty"),
        ]

    def __str__(self):
        return f"{self.name}(本报记者)" if self.is_staff_reporter else self.name

    def save(self, *args, **kwargs):
        self.aliases = split_aliases(self.aliases)
        self.pinyin = pinyin_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organizations:person", kwargs={"pk": self.pk})
