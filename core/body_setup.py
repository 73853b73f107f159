"""Setting up a standing committee (body): the platform administrator creates it, edits it and appoints
its administrators.

A new body gets its deadline rules (defaults, core.rules.rules_for), its committees from the committee
template of a level (fixtures/committee_templates.toml, read and checked here) and its first
administrator, whose log-in is issued as core.accounts issues every log-in (a one-time link or an
initial password, shown once). Everything happens in one transaction: a refused request creates
nothing. Every change is recorded in core.change_log against the body, so its page shows the history.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from core import accounts, change_log
from core.models import Body, BodyMembership, Committee
from core.roles import ADMINISTRATOR, ensure_roles
from core.rules import rules_for

TEMPLATE_FILE = Path(settings.BASE_DIR) / "fixtures" / "committee_templates.toml"

# Higher levels first: a body's parent must come before it here.
LEVEL_RANK = {Body.Level.PROVINCE: 0, Body.Level.CITY: 1, Body.Level.COUNTY: 2, Body.Level.TOWN: 3}
LEVEL_ORDER_TEXT = "省级 > 设区的市级 > 县（区）级 > 乡镇级"

BODY_LABELS = {"name": "名称", "area_name": "行政区域", "short_name": "简称", "level": "级别", "parent": "上级人大常委会"}

_COMMITTEE_KEYS = {"name", "short_name", "kind", "aliases", "order", "paired_with"}
_NAME_MAX = Committee._meta.get_field("name").max_length
_SHORT_MAX = Committee._meta.get_field("short_name").max_length


class TemplateError(ValueError):
    """The committee template file is broken; the message names the file, the level and the entry."""


@dataclass(frozen=True)
class CommitteeSpec:
    name: str
    short_name: str
    kind: str
    aliases: tuple[str, ...] = ()
    order: int = 0
    paired_with: str = ""  # the short name of the working committee a special committee pairs with

    @property
    def kind_label(self) -> str:
        return Committee.Kind(self.kind).label


@dataclass(frozen=True)
class CommitteeTemplate:
    level: str
    committees: tuple[CommitteeSpec, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return Body.Level(self.level).label

    def pairs(self) -> list[tuple[str, str]]:
        return [(c.short_name, c.paired_with) for c in self.committees if c.paired_with]


# --- the template file -------------------------------------------------------------------------------


def load_templates(path: Path | str | None = None) -> dict[str, CommitteeTemplate]:
    """Every level's committee template, checked: {Body.Level value: template}. TemplateError if broken."""
    path = Path(path or TEMPLATE_FILE)
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise TemplateError(f"{path}：委员会模板文件不存在") from None
    except tomllib.TOMLDecodeError as e:
        raise TemplateError(f"{path}：TOML 格式错误：{e}") from e
    unknown = set(data) - {"levels"}
    if unknown:
        raise TemplateError(f"{path}：未知的顶层字段 {'、'.join(sorted(unknown))}（只能有 levels）")
    levels = data.get("levels")
    if not isinstance(levels, dict):
        raise TemplateError(f"{path}：缺少 [levels.<级别>] 表")
    unknown = set(levels) - set(Body.Level.values)
    if unknown:
        raise TemplateError(f"{path}：未知级别 {'、'.join(sorted(unknown))}（可用：{'、'.join(Body.Level.values)}）")
    missing = [level for level in Body.Level.values if level not in levels]
    if missing:
        raise TemplateError(f"{path}：缺少级别 {'、'.join(missing)} 的模板")
    return {level: _template(path, level, levels[level]) for level in Body.Level.values}


def _template(path, level, table) -> CommitteeTemplate:
    where_level = f"{path} [levels.{level}]"
    if not isinstance(table, dict) or set(table) - {"committees"}:
        raise TemplateError(f"{where_level}：只能有 [[levels.{level}.committees]] 列表")
    entries = table.get("committees")
    if not isinstance(entries, list) or not entries:
        raise TemplateError(f"{where_level}：至少要有一个委员会")
    specs, spelled = [], {}  # every written form → short name of its committee
    for i, entry in enumerate(entries, 1):
        where = f"{where_level} 第 {i} 个委员会（{entry.get('name', '?') if isinstance(entry, dict) else '?'}）"
        spec = _spec(entry, i, where)
        for written in (spec.name, spec.short_name, *spec.aliases):
            other = spelled.get(written)
            if other is not None and other != spec.short_name:
                raise TemplateError(f"{where}：写法“{written}”与“{other}”重复，导入计划时无法区分")
            spelled[written] = spec.short_name
        specs.append(spec)
    by_short = {s.short_name: s for s in specs}
    resolved, paired = [], {}
    for i, spec in enumerate(specs, 1):
        where = f"{where_level} 第 {i} 个委员会（{spec.name}）"
        if spec.paired_with:
            if spec.kind != Committee.Kind.SPECIAL:
                raise TemplateError(f"{where}：只有专门委员会（kind = \"special\"）可以写 paired_with")
            target = spelled.get(spec.paired_with)
            if target is None:
                raise TemplateError(f"{where}：找不到对应的工作委员会“{spec.paired_with}”")
            if by_short[target].kind != Committee.Kind.WORKING:
                raise TemplateError(f"{where}：对应的“{spec.paired_with}”不是工作委员会（kind = \"working\"）")
            if target in paired:
                raise TemplateError(f"{where}：工作委员会“{target}”已与“{paired[target]}”对应，不能再对应")
            paired[target] = spec.short_name
            spec = CommitteeSpec(spec.name, spec.short_name, spec.kind, spec.aliases, spec.order, target)
        resolved.append(spec)
    resolved.sort(key=lambda s: s.order)
    return CommitteeTemplate(level=level, committees=tuple(resolved))


def _spec(entry, i, where) -> CommitteeSpec:
    if not isinstance(entry, dict):
        raise TemplateError(f"{where}：应为一个表（[[...committees]]）")
    unknown = set(entry) - _COMMITTEE_KEYS
    if unknown:
        raise TemplateError(f"{where}：未知字段 {'、'.join(sorted(unknown))}")
    for key in ("name", "short_name", "kind"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise TemplateError(f"{where}：缺少字段 {key}（文字）")
    name, short_name = entry["name"].strip(), entry["short_name"].strip()
    if len(name) > _NAME_MAX:
        raise TemplateError(f"{where}：全称超过 {_NAME_MAX} 个字")
    if len(short_name) > _SHORT_MAX:
        raise TemplateError(f"{where}：简称超过 {_SHORT_MAX} 个字")
    if entry["kind"] not in Committee.Kind.values:
        raise TemplateError(f"{where}：kind “{entry['kind']}”无效（可用：office、working、special）")
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise TemplateError(f"{where}：aliases 应为文字列表，如 [\"财经\", \"财政经济工委\"]")
    order = entry.get("order", i * 10)
    if not isinstance(order, int) or isinstance(order, bool) or not 0 <= order <= 32767:
        raise TemplateError(f"{where}：order 应为 0–32767 的整数")
    paired_with = entry.get("paired_with", "")
    if not isinstance(paired_with, str):
        raise TemplateError(f"{where}：paired_with 应为对应工作委员会的名称")
    return CommitteeSpec(name=name, short_name=short_name, kind=entry["kind"],
                         aliases=tuple(dict.fromkeys(a.strip() for a in aliases)), order=order,
                         paired_with=paired_with.strip())


def create_committees(body, template: CommitteeTemplate) -> list[Committee]:
    """The template's committees for the body, with their aliases, order and pairs."""
    created = {}
    for spec in template.committees:
        committee = Committee(body=body, name=spec.name, short_name=spec.short_name, kind=spec.kind,
                              aliases=list(spec.aliases), order=spec.order)
        committee.full_clean()
        committee.save()
        created[spec.short_name] = committee
    for special, working in template.pairs():
        created[special].paired_with = created[working]
        created[special].save(update_fields=["paired_with"])
    return list(created.values())


# --- levels and parents ------------------------------------------------------------------------------


def is_above(upper_level: str, lower_level: str) -> bool:
    return LEVEL_RANK[upper_level] < LEVEL_RANK[lower_level]


def level_label(level: str) -> str:
    return Body.Level(level).label if level in Body.Level.values else str(level or "—")


def parent_refusal(level: str, parent) -> str | None:
    """Why `parent` cannot be the parent of a body of `level`; None when it can."""
    if parent is None or not level:
        return None
    if not is_above(parent.level, level):
        return (f"“{parent.name}”是{parent.get_level_display()}，不高于本级（{level_label(level)}）；"
                f"上级必须比本级高（{LEVEL_ORDER_TEXT}）。")
    return None


def descendant_ids(body) -> set[int]:
    """The ids of the body's lower bodies, at any depth (one query)."""
    children: dict[int, list[int]] = {}
    for pk, parent_id in Body.objects.exclude(parent=None).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = set(), [body.pk]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


# --- administrators ----------------------------------------------------------------------------------


def administrators(body) -> list:
    """The body's administrators (users in the 系统管理员 role who belong to it), by name."""
    return list(get_user_model().objects.filter(body_memberships__body=body, groups__name=ADMINISTRATOR)
                .select_related("account_setup").distinct().order_by("first_name", "username"))


def _new_administrator(body, name, username, by) -> object:
    user = get_user_model().objects.create_user(username, first_name=name[:150])
    user.groups.add(ensure_roles()[ADMINISTRATOR])
    BodyMembership.objects.create(user=user, body=body)
    change_log.record(by, user, "add", {"姓名": (None, name), "用户名": (None, username),
                                        "所属人大常委会": (None, body.name), "角色": (None, ADMINISTRATOR)},
                      note="平台管理员任命")
    return user


def _checked_admin(name: str, username: str) -> tuple[str, str]:
    name = (name or "").strip()
    if not name:
        raise accounts.AccountError("请填写系统管理员的姓名。", "admin_name")
    try:
        username = accounts.check_username(username)
    except accounts.AccountError as error:
        raise accounts.AccountError(error.message, "admin_username") from None
    return name, username


def appoint_administrator(body, name, username, method, by, request) -> accounts.Credentials:
    """Another administrator for the body (e.g. when the first one left): a new account, its log-in issued."""
    name, username = _checked_admin(name, username)
    with transaction.atomic():
        before = [u.get_full_name() or u.username for u in administrators(body)]
        user = _new_administrator(body, name, username, by)
        credentials = accounts.issue_login(user, method, by, request, name=name, group=f"{body.name} · {ADMINISTRATOR}")
        change_log.record(by, body, "change", {"系统管理员": (before, [*before, name])},
                          note=f"任命系统管理员 {name}（{username}），发放方式：{credentials.method_label}")
    return credentials


# --- the body ----------------------------------------------------------------------------------------


def body_values(body) -> dict:
    """The body's fields as the history shows them."""
    return {"name": body.name, "area_name": body.area_name, "short_name": body.short_name,
            "level": level_label(body.level), "parent": body.parent.name if body.parent_id else None}


def create_body(body, template: CommitteeTemplate | None, admin_name, admin_username, method, by, request):
    """Save the new (unsaved, validated) body with its rules, committees and first administrator.

    Returns (body, committees, credentials); AccountError (nothing created) when the rules refuse.
    """
    if body.pk is not None:
        raise ValueError("create_body takes a new body")
    refusal = parent_refusal(body.level, body.parent)
    if refusal:
        raise accounts.AccountError(refusal, "parent")
    if Body.objects.filter(name=body.name).exists():
        raise accounts.AccountError("名称已存在：已有同名的人大常委会。", "name")
    name, username = _checked_admin(admin_name, admin_username)
    with transaction.atomic():
        body.full_clean()
        body.save()
        rules_for(body)
        committees = create_committees(body, template) if template else []
        for committee in committees:
            change_log.record(by, committee, "add", note=f"新建人大常委会时按{template.label}委员会模板建立")
        user = _new_administrator(body, name, username, by)
        credentials = accounts.issue_login(user, method, by, request, name=name, group=f"{body.name} · {ADMINISTRATOR}")
        values = body_values(body)
        change_log.record(
            by, body, "add", {BODY_LABELS[k]: (None, v) for k, v in values.items()} | {"系统管理员": (None, [name])},
            note=(f"委员会：按{template.label}模板建立 {len(committees)} 个" if template else "委员会：未使用模板")
            + f"；期限规则：默认值；系统管理员 {name}（{username}），发放方式：{credentials.method_label}",
        )
    return body, committees, credentials


def cycle_refusal(body, parent) -> str | None:
    """Why `parent` cannot be the (existing) body's parent because of a cycle; None when it can."""
    if parent is None or body.pk is None:
        return None
    if parent.pk == body.pk:
        return "不能选择本会自己作为上级人大常委会。"
    if parent.pk in descendant_ids(body):
        return f"“{parent.name}”是本会的下级人大常委会，不能作为上级，否则会形成循环。"
    return None


def children_refusal(body, level) -> str | None:
    """Why the (existing) body cannot take `level`: its lower bodies must stay below it."""
    if body.pk is None or not level:
        return None
    for child in Body.objects.filter(parent_id=body.pk).order_by("name"):
        if not is_above(level, child.level):
            return (f"下级人大常委会“{child.name}”是{child.get_level_display()}，本会的级别必须高于它"
                    f"（{LEVEL_ORDER_TEXT}）；请先调整下级的上级或级别。")
    return None


def change_body(body, by) -> dict:
    """Save an edited (validated, not yet saved) body and record what changed; {label: (old, new)}."""
    before = body_values(Body.objects.select_related("parent").get(pk=body.pk))
    for refusal, field_name in ((cycle_refusal(body, body.parent), "parent"),
                                (parent_refusal(body.level, body.parent), "parent"),
                                (children_refusal(body, body.level), "level")):
        if refusal:
            raise accounts.AccountError(refusal, field_name)
    if Body.objects.filter(name=body.name).exclude(pk=body.pk).exists():
        raise accounts.AccountError("名称已存在：已有同名的人大常委会。", "name")
    changes = change_log.field_changes(before, body_values(body), BODY_LABELS)
    if changes:
        with transaction.atomic():
            body.save()
            change_log.record(by, body, "change", changes)
    return changes
