"""A session's suggestions (代表建议) from a workbook: one suggestion a row, raised at the session chosen on
the upload form, or between sessions in a chosen year.

Columns: 编号, 类别 (建议/议案, default 建议), 标题, 内容, 领衔代表, 附议代表 (separated by 、，, ; or
spaces, or one a line), 分类, 督办委员会 (any of a committee's names), 提出日期 (default: the session's
opening day), and optionally 主办单位, 协办单位, 交办日期: a row with a 主办单位 is also assigned
(交办), so its reply and co-units' input are due from that day (交办日期 defaults to today).

Deputies are found by name; when two deputies share a name the cell says which: 姓名（代表编号）.
Units by a reporting body's name or any other way of writing it (ReportingBody.aliases).

Everything is checked and saved through deputies.suggestions.lifecycle (validate_new, create_suggestion with
imported=True, validate_assignment, assign), one row after another in the commit's transaction.
The preview reads what it needs in a fixed number of queries (deputies, committees, units, the
numbers already used); lifecycle.validate_new and validate_assignment run on every row without
queries of their own.
"""

import re
from collections import defaultdict
from dataclasses import replace
from datetime import date

from django.utils import timezone

from core.imports.engine import Column, ImportFileError, RowRefused, TableImport, norm, parse_date, split_names
from core.models import Committee, ReportingBody
from core.rules import rules_for
from deputies.models import CongressSession, Deputy, Suggestion
from deputies.models.suggestions import SuggestionKind, SuggestionStatus
from deputies.suggestions import lifecycle
from plans.imports.preview import CommitteeResolver

CONTENT_MAX = Suggestion._meta.get_field("content").max_length

COLUMNS = (
    Column("number", "编号", ("建议编号", "议案编号", "案号", "序号"), required=True),
    Column("kind", "类别", ("建议类别", "类型")),
    Column("title", "标题", ("建议标题", "题目", "案由"), required=True),
    Column("content", "内容", ("建议内容", "正文", "主要内容")),
    Column("proposer", "领衔代表", ("领衔人", "提出人", "提出代表", "领衔"), required=True),
    Column("cosigners", "附议代表", ("附议人", "联名代表", "附议"), is_list=True),
    Column("category", "分类", ("内容分类", "建议分类", "所属类别")),
    Column("committee", "督办委员会", ("督办工委", "督办专委", "督办单位")),
    Column("raised_on", "提出日期", ("提出时间", "提交日期")),
    Column("lead_unit", "主办单位", ("主办", "承办单位")),
    Column("co_units", "协办单位", ("协办",), is_list=True),
    Column("assigned_on", "交办日期", ("交办时间",)),
)

KINDS = {"建议": SuggestionKind.SUGGESTION, "代表建议": SuggestionKind.SUGGESTION, "议案": SuggestionKind.MOTION,
         "代表议案": SuggestionKind.MOTION}
# lifecycle's (field, message) → the column the message is shown under.
FIELD_COLUMNS = {"title": "title", "raised_on": "raised_on", "proposer": "proposer", "cosigners": "cosigners",
                 "number": "number", "committee": "committee", "session": "number", "year": "raised_on",
                 "assigned_on": "assigned_on", "lead_unit": "lead_unit", "co_units": "co_units", "status": "lead_unit"}
_NUMBER_RE = re.compile(r"^第?\s*(\d+)\s*号?$")
_WITH_CODE_RE = re.compile(r"^(?P<name>[^（]+?)(?:（(?P<code>[^）]*)）)?$")


def where_label(session, year) -> str:
    return session.name if session is not None else f"{year}年闭会期间"


class _Deputies:
    """Written names → deputies of the body: 姓名, or 姓名（代表编号） when a name is shared."""

    def __init__(self, body):
        self.by_name = defaultdict(list)
        self.by_code = {}
        for d in Deputy.objects.filter(body=body).order_by("pk"):
            self.by_name[norm(d.name)].append(d)
            if d.code:
                self.by_code[norm(d.code)] = d

    def find(self, written: str) -> tuple[Deputy | None, str]:
        """(deputy, "") or (None, why)."""
        m = _WITH_CODE_RE.match(written)
        if not m:
            return None, f"无法识别代表“{written}”，请写姓名，同名代表写作“姓名（代表编号）”。"
        name, code = norm(m["name"]), norm(m["code"] or "")
        if code:
            deputy = self.by_code.get(code)
            if deputy is None:
                return None, f"找不到代表编号为“{code}”的代表（{name}）。"
            if norm(deputy.name) != name:
                return None, f"代表编号“{code}”是“{deputy.name}”，不是“{name}”。"
            return deputy, ""
        same = self.by_name.get(name, [])
        if not same:
            return None, f"找不到代表“{name}”，请检查姓名是否与代表名册一致。"
        if len(same) > 1:
            codes = "、".join(f"{name}（{d.code}）" if d.code else f"{name}（无编号）" for d in same)
            return None, f"有 {len(same)} 位代表名为“{name}”，请写明是哪一位：{codes}。"
        return same[0], ""


class _Units:
    """Written names → reporting bodies: the name or an alias; a unit in use today wins over a former one."""

    def __init__(self, body):
        today = timezone.localdate()
        units = sorted(ReportingBody.objects.filter(body=body), key=lambda u: (not u.exists_on(today), u.order, u.pk))
        self.names = {}
        for unit in units:
            for name in [unit.name, *unit.aliases]:
                self.names.setdefault(norm(name), unit)

    def find(self, written: str):
        return self.names.get(norm(written))


def _ref(obj) -> dict | None:
    if obj is None:
        return None
    if isinstance(obj, Deputy):
        return {"id": obj.pk, "label": obj.name, "code": obj.code}
    return {"id": obj.pk, "label": str(getattr(obj, "short_name", "") or obj)}


class SuggestionImport(TableImport):
    kind = "suggestion_import"
    what = "建议"
    file_label = "代表建议表"
    columns = COLUMNS
    task = "deputies.tasks.commit_import"

    @staticmethod
    def session_of(body, params) -> CongressSession | None:
        session_id = params.get("session")
        if not session_id:
            return None
        session = CongressSession.objects.filter(body=body, pk=session_id).first()
        if session is None:
            raise ImportFileError("所选的人民代表大会会议已不存在，请重新选择后上传。")
        return session

    def check(self, table, problems, *, body, params):
        session = self.session_of(body, params)
        year = session.year if session is not None else int(params["year"])
        where = where_label(session, year)
        today = timezone.localdate()
        deputies = _Deputies(body)
        committees = CommitteeResolver(Committee.objects.filter(body=body))
        units = _Units(body)
        taken = Suggestion.objects.filter(body=body, number__isnull=False)
        taken = taken.filter(session=session) if session is not None else taken.filter(session__isnull=True, year=year)
        taken = set(taken.values_list("number", flat=True))
        rules = rules_for(body)  # once for the file, not per row
        numbers_seen = {}
        rows = []

        for raw in table.rows:
            cells, n = raw.cells, raw.number
            row = {"row": n, "action": "new", "number": None, "kind": SuggestionKind.SUGGESTION.value,
                   "kind_label": SuggestionKind.SUGGESTION.label, "title": cells.get("title", "").strip(),
                   "content": cells.get("content", "").strip(), "proposer": None, "cosigners": [],
                   "category": cells.get("category", "").strip(), "committee": None, "raised_on": "",
                   "lead_unit": None, "co_units": [], "assigned_on": "", "reply_due_on": "", "co_due_on": "",
                   "errors": [], "warnings": []}
            rows.append(row)

            # 编号
            text = norm(cells.get("number", ""))
            m = _NUMBER_RE.match(text)
            if not text:
                problems.error(n, "number", "编号不能为空。", row)
            elif not m or int(m[1]) < 1:
                problems.error(n, "number", f"编号“{cells['number']}”应为正整数，如 12。", row)
            else:
                number = int(m[1])
                row["number"] = number
                if number in numbers_seen:
                    problems.error(n, "number", f"第{number}号与第 {numbers_seen[number]} 行重复，编号不能重复。", row)
                elif number in taken:
                    problems.error(n, "number", f"{where}已有第{number}号建议，编号不能重复。", row)
                numbers_seen.setdefault(number, n)

            # 类别
            text = norm(cells.get("kind", ""))
            if text:
                if text in KINDS:
                    row["kind"], row["kind_label"] = KINDS[text].value, KINDS[text].label
                else:
                    problems.error(n, "kind", f"无法识别类别“{cells['kind']}”，请填写“建议”或“议案”（留空为建议）。", row)

            # 标题, 分类
            if not row["title"]:
                problems.error(n, "title", "标题不能为空。", row)
            elif len(row["title"]) > 200:
                problems.error(n, "title", f"标题过长（{len(row['title'])} 个字符，最多 200 个）。", row)
            if len(row["category"]) > 30:
                problems.error(n, "category", f"分类“{row['category'][:40]}”过长（最多 30 个字符）。", row)
            if len(row["content"]) > CONTENT_MAX:
                problems.error(n, "content", f"内容过长（{len(row['content'])} 个字符，最多 {CONTENT_MAX} 个）。", row)

            # 领衔代表, 附议代表
            proposer = None
            written = split_names(cells.get("proposer", ""))
            if not written:
                problems.error(n, "proposer", "请填写领衔代表。", row)
            elif len(written) > 1:
                problems.error(n, "proposer", f"领衔代表只能有一位（此处写了 {len(written)} 位）；其他代表请填在「附议代表」列。",
                               row)
            else:
                proposer, why = deputies.find(written[0])
                if proposer is None:
                    problems.error(n, "proposer", why, row)
                row["proposer"] = _ref(proposer)
            cosigners, seen = [], {proposer.pk} if proposer else set()
            for name in split_names(cells.get("cosigners", "")):
                deputy, why = deputies.find(name)
                if deputy is None:
                    problems.error(n, "cosigners", why, row)
                elif deputy.pk in seen:
                    role = "领衔代表" if proposer is not None and deputy.pk == proposer.pk else "附议代表"
                    problems.error(n, "cosigners", f"代表“{deputy.name}”重复署名：已列为{role}，每位代表只能列一次。", row)
                else:
                    seen.add(deputy.pk)
                    cosigners.append(deputy)
            row["cosigners"] = [_ref(d) for d in cosigners]

            # 督办委员会
            committee = None
            text = cells.get("committee", "").strip()
            if text:
                _, committee = committees.resolve(text)
                if committee is None:
                    problems.error(n, "committee", f"找不到委员会“{text}”，请填写委员会的名称或简称，如“财经工委”。", row)
            row["committee"] = _ref(committee)

            # 提出日期
            raised_on, readable = None, True
            text = cells.get("raised_on", "")
            try:
                raised_on = parse_date(text)
            except ValueError:
                readable = False
                problems.error(n, "raised_on", f"无法识别日期“{text}”，请写作 2023-01-05 或 2023年1月5日。", row)
            if readable:
                if raised_on is None and session is not None:
                    raised_on = session.start_on
                if raised_on is None:
                    problems.error(n, "raised_on", "闭会期间提出的建议请填写提出日期。", row)
                elif raised_on > today:
                    problems.error(n, "raised_on", f"提出日期（{raised_on}）不能晚于今天。", row)
                elif session is not None and raised_on < session.start_on:
                    problems.error(n, "raised_on", f"提出日期（{raised_on}）不能早于{session.name}开幕日期（{session.start_on}）。",
                                   row)
                elif session is None and raised_on.year != year:
                    problems.error(n, "raised_on", f"提出日期（{raised_on}）不在 {year} 年，与所选的“{year}年闭会期间”不符。",
                                   row)
            row["raised_on"] = raised_on.isoformat() if raised_on else ""

            # 主办单位, 协办单位, 交办日期
            lead_unit, co_units = None, []
            lead_text = cells.get("lead_unit", "").strip()
            lead_names = split_names(lead_text)
            if len(lead_names) > 1:
                problems.error(n, "lead_unit", f"主办单位只能有一个（此处写了 {len(lead_names)} 个）；其他单位请填在「协办单位」列。",
                               row)
            elif lead_names:
                lead_unit = units.find(lead_names[0])
                if lead_unit is None:
                    problems.error(n, "lead_unit", f"找不到承办单位“{lead_names[0]}”，请填写单位名称，如“区教育局”。", row)
            taken_units = {lead_unit.pk} if lead_unit else set()
            for name in split_names(cells.get("co_units", "")):
                unit = units.find(name)
                if unit is None:
                    problems.error(n, "co_units", f"找不到承办单位“{name}”，请填写单位名称，如“区教育局”。", row)
                elif unit.pk in taken_units:
                    what = "主办单位，不能同时协办" if lead_unit and unit.pk == lead_unit.pk else "重复列出"
                    problems.error(n, "co_units", f"“{unit.name}”已是{what}。", row)
                else:
                    taken_units.add(unit.pk)
                    co_units.append(unit)
            if co_units and not lead_names:
                problems.error(n, "co_units", "填写了协办单位，但没有主办单位；交办时必须有一个主办单位。", row)
            row["lead_unit"], row["co_units"] = _ref(lead_unit), [_ref(u) for u in co_units]

            assigned_on = None
            text = cells.get("assigned_on", "")
            try:
                assigned_on = parse_date(text)
            except ValueError:
                problems.error(n, "assigned_on", f"无法识别日期“{text}”，请写作 2023-03-01 或 2023年3月1日。", row)
            if assigned_on is not None and not lead_names:
                problems.warning(n, "assigned_on", "填写了交办日期，但没有主办单位：此行只录入，不交办。", row)
                assigned_on = None
            elif lead_names and assigned_on is None and not text:
                assigned_on = today
                problems.warning(n, "assigned_on", f"未填写交办日期，按今天（{today}）交办。", row)
            if assigned_on is not None:
                if assigned_on > today:
                    problems.error(n, "assigned_on", f"交办日期（{assigned_on}）不能晚于今天。", row)
                elif raised_on is not None and assigned_on < raised_on:
                    problems.error(n, "assigned_on", f"交办日期（{assigned_on}）不能早于提出日期（{raised_on}）。", row)
                row["assigned_on"] = assigned_on.isoformat()
                reply_due, co_due = lifecycle.assignment_due_dates(rules, assigned_on)
                row["reply_due_on"] = reply_due.isoformat()
                row["co_due_on"] = co_due.isoformat() if co_units else ""

            # The lifecycle's own checks, for a row that passed ours (the same rules the commit applies);
            # the number was checked above against the numbers read in one query, not once a row.
            if not row["errors"]:
                data = _new_suggestion(row, session, year, proposer, cosigners, committee, raised_on)
                for field, message in lifecycle.validate_new(body, replace(data, number=None)):
                    problems.error(n, FIELD_COLUMNS.get(field), message, row)
                if lead_unit is not None:
                    probe = Suggestion(body=body, raised_on=raised_on, status=SuggestionStatus.ACCEPTED)
                    for field, message in lifecycle.validate_assignment(body, probe, assigned_on, lead_unit, co_units):
                        problems.error(n, FIELD_COLUMNS.get(field), message, row)

        return rows, {"session": _ref(session), "year": year, "where": where,
                      "assigned_count": sum(1 for r in rows if r["lead_unit"])}

    def counts(self, rows):
        return {"new": len(rows), "assigned": sum(1 for r in rows if r["lead_unit"])}

    def save(self, preview, *, body, params, user, progress):
        session = self.session_of(body, params)
        year = preview["year"]
        rows = preview["rows"]
        ids = lambda key: {r[key]["id"] for r in rows if r[key]}  # noqa: E731
        deputy_ids = ids("proposer") | {d["id"] for r in rows for d in r["cosigners"]}
        deputies = Deputy.objects.in_bulk(deputy_ids)
        committees = Committee.objects.in_bulk(ids("committee"))
        units = ReportingBody.objects.in_bulk(ids("lead_unit") | {u["id"] for r in rows for u in r["co_units"]})
        created, assigned = [], 0
        for done, row in enumerate(rows, 1):
            data = _new_suggestion(
                row, session, year, deputies[row["proposer"]["id"]], [deputies[d["id"]] for d in row["cosigners"]],
                committees.get(row["committee"]["id"]) if row["committee"] else None,
                date.fromisoformat(row["raised_on"]),
            )
            try:
                suggestion = lifecycle.create_suggestion(body, data, user, imported=True)
                if row["lead_unit"]:
                    lifecycle.assign(suggestion, assigned_on=date.fromisoformat(row["assigned_on"]),
                                     lead_unit=units[row["lead_unit"]["id"]],
                                     co_units=[units[u["id"]] for u in row["co_units"]], by=user)
                    assigned += 1
            except lifecycle.LifecycleError as e:
                raise RowRefused(row["row"], e.message) from e
            created.append(suggestion.pk)
            if done % 10 == 0 or done == len(rows):
                progress(done, len(rows))
        return {"created": len(created), "assigned": assigned, "session": session.pk if session else None,
                "year": year, "where": preview["where"], "first_id": created[0] if created else None}

    def summary_text(self, summary):
        text = f"已导入{summary['where']}的建议 {summary['created']} 件"
        if summary["assigned"]:
            text += f"，其中 {summary['assigned']} 件已交办，答复期限已按交办日期计算"
        return text + "。"


def _new_suggestion(row, session, year, proposer, cosigners, committee, raised_on) -> lifecycle.NewSuggestion:
    return lifecycle.NewSuggestion(
        title=row["title"], raised_on=raised_on, proposer=proposer, year=year if session is None else None,
        session=session, number=row["number"], kind=row["kind"], content=row["content"],
        category=row["category"], committee=committee, cosigners=tuple(cosigners),
    )
