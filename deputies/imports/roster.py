"""The deputy roster (代表名册) from a workbook: one deputy a row.

Which deputy a row is:
  1. a 代表编号 that the roster has: that deputy (the row may rename them);
  2. no 代表编号, and exactly one deputy of that name: that deputy;
  3. otherwise a new deputy (with a warning when the roster already has someone of that name).

What a row sets: every column the header has. A blank text cell clears the field; a blank 性别,
代表层级 or 状态 keeps what the roster has (a new deputy: 代表层级 区, 状态 在任; 性别 is required);
a blank 代表编号 never clears a deputy's number. Columns the header lacks are left alone.

Problems (errors; nothing is saved while there is one): a missing name; a gender, level, status or
station (联络站编号, or the station's exact name) the body does not know; a 代表编号 used twice in the
file, or two rows that are the same deputy; a 状态变更日期 that cannot be read, is before 1949 or
is in the future.
"""

import re
from collections import defaultdict
from datetime import date

from django.utils import timezone

from core.imports.engine import Column, TableImport, norm, parse_date, split_names
from core.models import Term
from deputies.models import Deputy, Station

COLUMNS = (
    Column("code", "代表编号", ("编号", "代表证号", "代表证编号", "名册编号")),
    Column("name", "姓名", ("代表姓名",), required=True),
    Column("gender", "性别"),
    Column("levels", "代表层级", ("层级", "代表级别", "级别", "五级代表"), is_list=True),
    Column("group", "代表小组", ("所属代表小组", "小组")),
    Column("constituency", "选区", ("所在选区", "选举单位")),
    Column("station", "联络站编号", ("联络站", "所属联络站", "联络站名称")),
    Column("sector", "界别", ("界别（身份）", "身份", "代表界别")),
    Column("work_unit", "工作单位及职务", ("工作单位", "单位及职务", "工作单位和职务", "职务")),
    Column("phone", "联系电话", ("电话", "手机", "手机号码", "联系方式")),
    Column("address", "通讯地址", ("地址", "联系地址")),
    Column("status", "状态", ("代表状态", "任职状态")),
    Column("status_on", "状态变更日期", ("变更日期", "辞职日期", "终止日期", "状态日期")),
)

EARLIEST = date(1949, 1, 1)
TEXT_FIELDS = ("group", "constituency", "sector", "work_unit", "phone", "address")
GENDERS = {"男": "male", "男性": "male", "m": "male", "女": "female", "女性": "female", "f": "female"}
STATUSES = {
    "在任": "serving", "在职": "serving", "正常": "serving",
    "已辞职": "resigned", "辞职": "resigned", "辞去代表职务": "resigned",
    "代表资格终止": "vacated", "资格终止": "vacated", "终止": "vacated", "已终止": "vacated",
    "终止代表资格": "vacated",
}
# One level word → the Deputy flag; a compound such as 区市 is read character by character.
LEVELS = {
    "全国": "is_national", "国家": "is_national", "省": "is_provincial", "市": "is_city",
    "区": "is_district", "县": "is_district", "区县": "is_district", "镇": "is_town", "乡": "is_town",
    "乡镇": "is_town", "镇街": "is_town",
}
LEVEL_LABELS = {"is_national": "全国", "is_provincial": "省", "is_city": "市", "is_district": "区", "is_town": "镇"}
_LEVEL_NOISE = re.compile(r"人大代表|人大|代表|级|[（）()]")


def parse_levels(text: str) -> tuple[set, list]:
    """"区、市" → ({"is_district", "is_city"}, unknown words)."""
    flags, unknown = set(), []
    for word in split_names(text):
        bare = _LEVEL_NOISE.sub("", word)
        if bare in LEVELS:
            flags.add(LEVELS[bare])
        elif bare and all(ch in LEVELS for ch in bare):
            flags.update(LEVELS[ch] for ch in bare)
        else:
            unknown.append(word)
    return flags, unknown


def levels_label(flags) -> str:
    return "、".join(LEVEL_LABELS[f] for f in Deputy.LEVEL_FIELDS if f in flags)


def _field_label(name: str) -> str:
    return str(Deputy._meta.get_field(name).verbose_name)


def _display(field: str, value, stations: dict) -> str:
    if value in (None, ""):
        return ""
    if field == "gender":
        return Deputy.Gender(value).label
    if field == "status":
        return Deputy.Status(value).label
    if field == "station_id":
        station = stations.get(value)
        return f"{station.number} {station.name}" if station else str(value)
    if field == "levels":
        return levels_label(value)
    return str(value)


def current_term(body):
    today = timezone.localdate()
    terms = list(Term.objects.filter(body=body).order_by("-number"))
    return next((t for t in terms if t.contains(today)), terms[0] if terms else None)


class RosterImport(TableImport):
    kind = "deputy_import"
    what = "代表"
    file_label = "代表名册"
    columns = COLUMNS
    task = "deputies.tasks.commit_import"

    def check(self, table, problems, *, body, params):
        deputies = list(Deputy.objects.filter(body=body).order_by("pk"))
        by_code = {d.code: d for d in deputies if d.code}
        by_name = defaultdict(list)
        for d in deputies:
            by_name[norm(d.name)].append(d)
        station_rows = list(Station.objects.filter(body=body))
        stations = {s.pk: s for s in station_rows}
        station_index = {norm(s.number).upper(): s for s in station_rows}
        for s in station_rows:
            station_index.setdefault(norm(s.name), s)
        today = timezone.localdate()
        codes_seen, targets_seen, new_names_seen = {}, {}, {}
        rows = []

        for raw in table.rows:
            cells = raw.cells
            n = raw.number
            row = {"row": n, "action": "new", "deputy_id": None, "values": {}, "display": {}, "changes": {},
                   "errors": [], "warnings": []}
            rows.append(row)
            code = norm(cells.get("code", ""))
            name = norm(cells.get("name", ""))

            # Who the row is.
            if code:
                if len(code) > 30:
                    problems.error(n, "code", f"代表编号“{code[:40]}”过长（最多 30 个字符）。", row)
                elif code in codes_seen:
                    problems.error(n, "code", f"代表编号“{code}”与第 {codes_seen[code]} 行重复，同一编号只能出现一次。", row)
                else:
                    codes_seen[code] = n
            if not name:
                problems.error(n, "name", "姓名不能为空（此行其他列有内容）。", row)
            elif len(name) > 40:
                problems.error(n, "name", f"姓名“{name[:40]}…”过长（最多 40 个字符）。", row)
            target = None
            if code and code in by_code:
                target = by_code[code]
            elif code:
                same = [d for d in by_name.get(name, []) if not d.code]
                if same:
                    problems.warning(n, "code", f"名册中已有无编号的同名代表“{name}”；此行编号“{code}”在名册中没有，将新增一位代表。"
                                                "如是同一人，请删去此行的编号，或先在名册中为其填上编号。", row)
            elif name:
                same = by_name.get(name, [])
                if len(same) == 1:
                    target = same[0]
                elif len(same) > 1:
                    codes = "、".join(d.code or "（无编号）" for d in same)
                    problems.warning(n, "name", f"名册中有 {len(same)} 位代表名为“{name}”（编号 {codes}），"
                                                "无法确定是哪一位，将新增一位代表；如要更新，请填写代表编号。", row)
            if target is not None:
                if target.pk in targets_seen:
                    problems.error(n, "name" if not code else "code",
                                   f"与第 {targets_seen[target.pk]} 行是同一位代表（{target.name}"
                                   f"{'，编号 ' + target.code if target.code else ''}），每位代表只能出现一次。", row)
                else:
                    targets_seen[target.pk] = n
                row["action"], row["deputy_id"] = "update", target.pk
            elif name:
                if name in new_names_seen:
                    problems.warning(n, "name", f"与第 {new_names_seen[name]} 行同名，将新增两位同名代表；"
                                                "如是两个人，请填写代表编号以便区分。", row)
                new_names_seen.setdefault(name, n)

            values = {}
            if name:
                values["name"] = name
            if code:
                values["code"] = code

            # 性别
            if table.has("gender"):
                text = norm(cells.get("gender", "")).lower()
                if text:
                    if text in GENDERS:
                        values["gender"] = GENDERS[text]
                    else:
                        problems.error(n, "gender", f"无法识别性别“{cells['gender']}”，请填写“男”或“女”。", row)
                elif target is None:
                    problems.error(n, "gender", "新增代表请填写性别（男或女）。", row)
            elif target is None:
                problems.error(n, "gender", "表中没有「性别」列，新增代表必须填写性别。", row)

            # 代表层级
            text = cells.get("levels", "")
            if text:
                flags, unknown = parse_levels(text)
                if unknown:
                    problems.error(n, "levels", f"无法识别代表层级“{'、'.join(unknown)}”，"
                                                "请写全国、省、市、区（县）、镇，多个用“、”分隔，如“区、市”。", row)
                elif flags:
                    values["levels"] = sorted(flags)

            # 联络站编号
            if table.has("station"):
                text = norm(cells.get("station", ""))
                if text:
                    station = station_index.get(text.upper()) or station_index.get(text)
                    if station is None:
                        problems.error(n, "station", f"找不到编号为“{cells['station']}”的联络站。"
                                                     "请填写联络站页面上列出的编号（如 ZX01）。", row)
                    else:
                        values["station_id"] = station.pk
                else:
                    values["station_id"] = None

            # Plain text columns.
            for key in TEXT_FIELDS:
                if table.has(key):
                    text = cells.get(key, "").strip()
                    limit = Deputy._meta.get_field(key).max_length
                    if len(text) > limit:
                        problems.error(n, key, f"内容过长（{len(text)} 个字符，最多 {limit} 个）。", row)
                    values[key] = text[:limit]

            # 状态 and its date
            if table.has("status"):
                text = norm(cells.get("status", ""))
                if text:
                    if text in STATUSES:
                        values["status"] = STATUSES[text]
                    else:
                        problems.error(n, "status", f"无法识别状态“{cells['status']}”，请填写在任、已辞职或代表资格终止。",
                                       row)
            if table.has("status_on"):
                text = cells.get("status_on", "")
                try:
                    day = parse_date(text)
                except ValueError:
                    problems.error(n, "status_on", f"无法识别日期“{text}”，请写作 2023-05-10 或 2023年5月10日。", row)
                else:
                    if day is not None and day < EARLIEST:
                        problems.error(n, "status_on", f"日期 {day.isoformat()} 早于 1949 年，请检查。", row)
                    elif day is not None and day > today:
                        problems.error(n, "status_on", f"日期 {day.isoformat()} 晚于今天，请检查。", row)
                    else:
                        values["status_on"] = day.isoformat() if day else None
                status = values.get("status", target.status if target else "serving")
                if status != "serving" and not values.get("status_on") and not (target and target.status_on):
                    problems.warning(n, "status_on", "已辞职或资格终止的代表，建议填写状态变更日期。", row)

            if target is None:
                values.setdefault("levels", ["is_district"])
                values.setdefault("status", "serving")
            row["values"] = values
            row["display"] = self._display_row(values, target, stations)
            if target is not None:
                row["changes"] = self._changes(target, values, stations)
                row["action"] = "update" if row["changes"] else "unchanged"
        return rows, {}

    def _current(self, deputy, field):
        if field == "levels":
            return sorted(f for f in Deputy.LEVEL_FIELDS if getattr(deputy, f))
        value = getattr(deputy, field)
        return value.isoformat() if isinstance(value, date) else value

    def _display_row(self, values, target, stations) -> dict:
        fields = ("code", "name", "gender", "levels", "group", "constituency", "station_id", "sector", "work_unit",
                  "phone", "address", "status", "status_on")
        shown = {}
        for f in fields:
            value = values[f] if f in values else (self._current(target, f) if target is not None else None)
            shown[f] = _display(f, value, stations)
        return shown

    def _changes(self, deputy, values, stations) -> dict:
        changes = {}
        for f, new in values.items():
            old = self._current(deputy, f)
            if (old or None) != (new or None):
                label = "代表层级" if f == "levels" else _field_label(f.removesuffix("_id"))
                changes[label] = [_display(f, old, stations), _display(f, new, stations)]
        return changes

    def counts(self, rows):
        counts = {"new": 0, "update": 0, "unchanged": 0}
        for row in rows:
            counts[row["action"]] += 1
        return counts

    def save(self, preview, *, body, params, user, progress):
        rows = preview["rows"]
        total = len(rows)
        term = current_term(body)
        updates = {r["deputy_id"]: r for r in rows if r["action"] == "update"}
        targets = Deputy.objects.in_bulk(list(updates))
        changed_fields = set()
        done = 0
        for pk, row in updates.items():
            deputy = targets[pk]
            for f, value in self._model_values(row["values"]).items():
                setattr(deputy, f, value)
                changed_fields.add(f)
            deputy.version += 1
            done += 1
            if done % 200 == 0:
                progress(done, total)
        if updates:
            Deputy.objects.bulk_update(list(targets.values()), sorted(changed_fields | {"version"}), batch_size=500)
        new = [Deputy(body=body, term=term, **self._model_values(r["values"])) for r in rows if r["action"] == "new"]
        for start in range(0, len(new), 500):
            Deputy.objects.bulk_create(new[start:start + 500])
            progress(done + min(start + 500, len(new)), total)
        progress(total, total)
        return {"created": len(new), "updated": len(updates),
                "unchanged": sum(1 for r in rows if r["action"] == "unchanged")}

    @staticmethod
    def _model_values(values: dict) -> dict:
        out = {}
        for f, value in values.items():
            if f == "levels":
                out.update({flag: flag in value for flag in Deputy.LEVEL_FIELDS})
            elif f == "status_on":
                out[f] = date.fromisoformat(value) if value else None
            else:
                out[f] = value
        return out

    def summary_text(self, summary):
        return (f"代表名册已导入：新增 {summary['created']} 位，更新 {summary['updated']} 位，"
                f"无变化 {summary['unchanged']} 位。")
