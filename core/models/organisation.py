"""The standing committees using the system, their terms, committees and reporting bodies."""

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager


class Body(models.Model):
    """A standing committee (人大常委会) that uses this deployment; every record belongs to one."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "设区的市级"
        COUNTY = "county", "县（区）级"
        TOWN = "town", "乡镇级"

    name = models.CharField("名称", max_length=100, unique=True, help_text="如：广州市白云区人大常委会")
    area_name = models.CharField("行政区域", max_length=60, help_text="用于标题，如：广州市白云区")
    short_name = models.CharField("简称", max_length=30, blank=True, help_text="如：区人大常委会")
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级人大常委会", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        db_table = "plans_body"  # kept from before the move to this app: no table is renamed
        verbose_name = "人大常委会"
        verbose_name_plural = "人大常委会"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Term(models.Model):
    """A term (届) of a body, e.g. 第十七届 from 2021-10 to 2026-10."""

    body = models.ForeignKey(Body, verbose_name="人大常委会", on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField("届次")
    start = models.DateField("起始日期")
    end = models.DateField("届满日期", null=True, blank=True)
    # A body that starts using the system mid-term has already held meetings: numbering goes on from there.
    standing_meetings_before = models.PositiveSmallIntegerField(
        "本届使用本系统前已召开的常委会会议次数", default=0,
        help_text="如本届已召开 22 次常委会会议后才开始使用本系统，填 22，下次会议即为第 23 次。",
    )
    chairpersons_meetings_before = models.PositiveSmallIntegerField(
        "本届使用本系统前已召开的主任会议次数", default=0,
        help_text="如本届已召开 30 次主任会议后才开始使用本系统，填 30，下次主任会议即为第 31 次。",
    )

    objects = ScopedManager(body="body")

    class Meta:
        db_table = "plans_term"  # kept from before the move to this app: no table is renamed
        verbose_name = "届"
        verbose_name_plural = "届"
        ordering = ["body", "-number"]
        constraints = [models.UniqueConstraint(fields=["body", "number"], name="term_unique_number")]

    def __str__(self):
        from core.numerals import chinese_number

        return f"第{chinese_number(self.number)}届"

    def contains(self, day) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class BodyMembership(models.Model):
    """Which body a user works for. A row, not a field, so a person can later serve two."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="body_memberships"
    )
    body = models.ForeignKey(Body, verbose_name="人大常委会", on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        db_table = "plans_bodymembership"  # kept from before the move to this app: no table is renamed
        verbose_name = "所属人大常委会"
        verbose_name_plural = "所属人大常委会"
        constraints = [models.UniqueConstraint(fields=["user", "body"], name="body_membership_unique")]

    def __str__(self):
        return f"{self.user} @ {self.body}"


class Committee(models.Model):
    """A special committee of the congress, a working committee, or the office."""

    class Kind(models.TextChoices):
        SPECIAL = "special", "专门委员会"
        WORKING = "working", "工作委员会"
        OFFICE = "office", "办事机构"

    body = models.ForeignKey(Body, verbose_name="人大常委会", on_delete=models.CASCADE, related_name="committees")
    name = models.CharField("全称", max_length=60, help_text="如：财政经济工作委员会")
    short_name = models.CharField("简称", max_length=30, help_text="如：财经工委")
    aliases = models.JSONField(
        "其他写法", default=list, blank=True, help_text="文件中出现的其他写法，如：财经、财政经济工委"
    )
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    paired_with = models.OneToOneField(
        "self",
        verbose_name="对应委员会",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pair_of",
        help_text="专门委员会与其对应的工作委员会，如：财经委员会 ↔ 财经工委",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("在用", default=True)

    objects = ScopedManager(body="body")

    class Meta:
        db_table = "plans_committee"  # kept from before the move to this app: no table is renamed
        verbose_name = "委员会"
        verbose_name_plural = "委员会"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="committee_unique_name"),
            models.UniqueConstraint(fields=["body", "short_name"], name="committee_unique_short_name"),
        ]

    def __str__(self):
        return self.short_name

    def all_names(self) -> list[str]:
        return [self.name, self.short_name, *self.aliases]

    def add_alias(self, written: str) -> bool:
        """Keep `written` as one more spelling (an import met it) and save; False when it names this committee
        already. Whether another committee of the body has that spelling is the caller's check."""
        written = " ".join(str(written or "").split())
        if not written or "".join(written.split()) in {"".join(n.split()) for n in self.all_names()}:
            return False
        self.aliases = [*self.aliases, written]
        self.save(update_fields=["aliases"])
        return True


class CommitteeMembership(models.Model):
    """A user working in a committee, as its lead or its staff."""

    class Role(models.TextChoices):
        LEAD = "lead", "负责人"
        STAFF = "staff", "工作人员"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="committee_memberships"
    )
    committee = models.ForeignKey(
        Committee, verbose_name="委员会", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("职责", max_length=10, choices=Role.choices, default=Role.STAFF)

    objects = ScopedManager(body="committee__body")

    class Meta:
        db_table = "plans_committeemembership"  # kept from before the move to this app: no table is renamed
        verbose_name = "委员会成员"
        verbose_name_plural = "委员会成员"
        constraints = [models.UniqueConstraint(fields=["user", "committee"], name="committee_membership_unique")]

    def __str__(self):
        return f"{self.user} · {self.committee}"


class ReportingBody(models.Model):
    """A body that reports to the committee: 一府一委两院 and the government's departments."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        SUPERVISORY = "supervisory", "监察委员会"
        COURT = "court", "人民法院"
        PROCURATORATE = "procuratorate", "人民检察院"
        DEPARTMENT = "department", "政府工作部门"
        OTHER = "other", "其他"

    body = models.ForeignKey(Body, verbose_name="人大常委会", on_delete=models.CASCADE, related_name="reporting_bodies")
    name = models.CharField("名称", max_length=60, help_text="如：区发展改革局")
    aliases = models.JSONField("其他写法", default=list, blank=True, help_text="如：区人民法院")
    kind = models.CharField("类别", max_length=15, choices=Kind.choices)
    liaison_committee = models.ForeignKey(
        Committee, verbose_name="对口联系工委", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="liaison_bodies", help_text="跟踪该单位审议意见、测评整改的工作委员会",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    # Departments change between years; keep the old ones with an end date rather than delete them.
    valid_from = models.DateField("设立日期", null=True, blank=True)
    valid_to = models.DateField("撤销日期", null=True, blank=True)

    objects = ScopedManager(body="body")

    class Meta:
        db_table = "plans_reportingbody"  # kept from before the move to this app: no table is renamed
        verbose_name = "报告单位"
        verbose_name_plural = "报告单位"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "name", "valid_from"], name="reporting_body_unique_name"),
        ]

    def __str__(self):
        return self.name

    def exists_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class UnitContact(models.Model):
    """A contact person of a reporting body or department, with an account to handle its work online.

    A unit often names three: the leader in charge, its office, and the handler who does the work.
    Each is a user in the 承办单位联系人 role and sees only what is addressed to its unit.
    """

    class Level(models.TextChoices):
        LEADER = "leader", "分管领导"
        OFFICE = "office", "办公室"
        HANDLER = "handler", "经办人"

    unit = models.ForeignKey(ReportingBody, verbose_name="单位", on_delete=models.CASCADE, related_name="contacts")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="登录账号", on_delete=models.CASCADE,
                                related_name="unit_contact")
    level = models.CharField("层级", max_length=10, choices=Level.choices, default=Level.HANDLER)
    name = models.CharField("姓名", max_length=40)
    title = models.CharField("职务", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    active = models.BooleanField("在用", default=True)

    objects = ScopedManager(body="unit__body")

    class Meta:
        db_table = "plans_unitcontact"  # kept from before the move to this app: no table is renamed
        verbose_name = "承办单位联系人"
        verbose_name_plural = "承办单位联系人"
        ordering = ["unit", "level", "id"]

    def __str__(self):
        return f"{self.unit} · {self.name}（{self.get_level_display()}）"
