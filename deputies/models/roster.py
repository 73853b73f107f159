"""Deputies (人大代表), their liaison stations (代表联络站) and the receptions held there."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager


class Station(models.Model):
    """A liaison station; its number is never used twice within the body (DOMAIN.md)."""

    class Kind(models.TextChoices):
        CENTRAL = "central", "中心联络站"
        AREA = "area", "片区联络站"
        POINT = "point", "联络点"

    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE, related_name="stations")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    number = models.CharField("编号", max_length=20, help_text="在本区（县）内唯一，如：ZX01、PQ12")
    name = models.CharField("名称", max_length=100)
    town = models.CharField("所在镇街", max_length=40, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name="所属中心站", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    is_example = models.BooleanField("示例数据", default=False)

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "代表联络站"
        verbose_name_plural = "代表联络站"
        ordering = ["kind", "number"]
        constraints = [models.UniqueConstraint(fields=["body", "number"], name="station_unique_number")]

    def __str__(self):
        return f"{self.number} {self.name}"

    def clean(self):
        """Run by the page's form and the API alike (full_clean). The number's uniqueness is checked by
        deputies.roster.forms.station_number_error, which both call, and by the database."""
        if self.parent_id is not None and self.kind == self.Kind.CENTRAL:
            raise ValidationError({"parent": "中心联络站不隶属于其他中心站。"})


class Deputy(models.Model):
    """A deputy of the body's congress; the levels say where else they serve (五级人大代表)."""

    class Gender(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"

    class Status(models.TextChoices):
        SERVING = "serving", "在任"
        RESIGNED = "resigned", "已辞职"
        VACATED = "vacated", "代表资格终止"

    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE, related_name="deputies")
    term = models.ForeignKey("core.Term", verbose_name="届", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="deputies")
    code = models.CharField("代表编号", max_length=30, blank=True, help_text="代表证号或名册编号，导入时据此识别同名代表")
    name = models.CharField("姓名", max_length=40)
    gender = models.CharField("性别", max_length=6, choices=Gender.choices)
    # Five flags rather than a list: each level is a filter and a count of its own.
    is_national = models.BooleanField("全国人大代表", default=False)
    is_provincial = models.BooleanField("省人大代表", default=False)
    is_city = models.BooleanField("市人大代表", default=False)
    is_district = models.BooleanField("区（县）人大代表", default=True)
    is_town = models.BooleanField("镇人大代表", default=False)
    group = models.CharField("代表小组", max_length=60, blank=True)
    constituency = models.CharField("选区", max_length=60, blank=True)
    station = models.ForeignKey(Station, verbose_name="联络站", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="deputies")
    sector = models.CharField("界别（身份）", max_length=40, blank=True, help_text="如：工人、农民、专业技术人员、党政干部")
    work_unit = models.CharField("工作单位及职务", max_length=200, blank=True)
    # Contact details: the office only (deputies.permissions.can_see_contacts).
    phone = models.CharField("联系电话", max_length=40, blank=True)
    address = models.CharField("通讯地址", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.SERVING)
    status_on = models.DateField("状态变更日期", null=True, blank=True, help_text="辞职或资格终止的日期")
    elected_on = models.DateField("当选日期", null=True, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="登录账号", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="deputy")
    is_example = models.BooleanField("示例数据", default=False)
    version = models.PositiveIntegerField("版本", default=1)
    # 码上见代表 (deputies/public_matters/): a deputy who opts in has a public page at /public/<body>/deputies/<slug>/;
    # the slug is random so that the deputies' sequential ids are never exposed.
    public_page = models.BooleanField("开通码上见代表页面", default=False)
    public_slug = models.CharField("公开页面标识", max_length=16, blank=True, default="", editable=False)

    objects = ScopedManager(body="body")

    LEVEL_FIELDS = ("is_national", "is_provincial", "is_city", "is_district", "is_town")

    class Meta:
        verbose_name = "人大代表"
        verbose_name_plural = "人大代表"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "code"], condition=~models.Q(code=""),
                                    name="deputy_unique_code"),
            models.UniqueConstraint(fields=["public_slug"], condition=~models.Q(public_slug=""),
                                    name="deputy_unique_public_slug"),
        ]
        indexes = [models.Index(fields=["body", "status"]), models.Index(fields=["body", "name"])]

    def __str__(self):
        return self.name

    def clean(self):
        """The roster's rules, run by the page's form and the API alike (full_clean): a code used once in the
        body, a date for a status that ended, not in the future nor before the election, at least one level."""
        self.name = (self.name or "").strip()  # an empty name is refused as a blank field
        self.code = (self.code or "").strip()
        errors: dict[str, list[str]] = {}
        if self.code and self.body_id is not None:
            # The base manager: the rule is the body's, whatever scope is active.
            clash = (type(self)._base_manager.filter(body_id=self.body_id, code=self.code).exclude(pk=self.pk)
                     .only("name").first())
            if clash is not None:
                errors["code"] = [f"代表编号“{self.code}”已由代表 {clash.name} 使用，同一常委会的代表编号不能重复。"]
        status_on = self.status_on
        if self.status in (self.Status.RESIGNED, self.Status.VACATED) and not status_on:
            errors.setdefault("status_on", []).append(f"状态为“{self.Status(self.status).label}”时须填写状态变更日期。")
        if status_on and status_on > timezone.localdate():
            errors.setdefault("status_on", []).append("状态变更日期不能晚于今天。")
        if self.elected_on and status_on and status_on < self.elected_on:
            errors.setdefault("status_on", []).append("状态变更日期早于当选日期。")
        if not any(getattr(self, f) for f in self.LEVEL_FIELDS):
            errors["is_district"] = ["请至少选择一个代表层级。"]
        if errors:
            raise ValidationError(errors)

    def level_labels(self) -> list[str]:
        names = {"is_national": "全国", "is_provincial": "省", "is_city": "市", "is_district": "区", "is_town": "镇"}
        return [names[f] for f in self.LEVEL_FIELDS if getattr(self, f)]


class Reception(models.Model):
    """Deputies receiving voters at a station (进站接待选民) on one day."""

    # CASCADE: a body deleted takes its receptions; the pages never delete a station that has them.
    station = models.ForeignKey(Station, verbose_name="联络站", on_delete=models.CASCADE, related_name="receptions")
    held_on = models.DateField("日期")
    deputies = models.ManyToManyField(Deputy, verbose_name="进站代表", related_name="receptions")
    voters = models.PositiveIntegerField("接待选民人次", default=0)
    issues = models.TextField("反映的问题", max_length=20000, blank=True, help_text="每行一条")
    note = models.TextField("备注", max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("录入时间", default=timezone.now)
    is_example = models.BooleanField("示例数据", default=False)

    objects = ScopedManager(body="station__body")

    class Meta:
        verbose_name = "进站接待"
        verbose_name_plural = "进站接待"
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.station} {self.held_on}"

    def clean(self):
        """Run by the page's forms and the API alike (full_clean): a date not in the future, and the issues one a
        line without blank lines."""
        self.issues = tidy_issues(self.issues)
        problem = reception_date_error(self.held_on) if self.held_on else None
        if problem:
            raise ValidationError({"held_on": problem})

    def issue_lines(self) -> list[str]:
        return [line.strip() for line in self.issues.splitlines() if line.strip()]


def reception_date_error(held_on) -> str | None:
    """What is wrong with a reception's date: receptions are recorded after they are held."""
    if held_on > timezone.localdate():
        return "接待日期不能晚于今天：请在接待之后登记。"
    if held_on.year < 1990:
        return "接待日期有误。"
    return None


def tidy_issues(text: str) -> str:
    """The issues raised, one a line, without blank lines."""
    lines = [line.strip() for line in (text or "").splitlines()]
    return "\n".join(line for line in lines if line)
