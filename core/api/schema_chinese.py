"""The API documentation in Chinese: what /api/docs/ shows an integrator (SPECTACULAR_SETTINGS POSTPROCESSING_HOOKS).

drf-spectacular takes an operation's description from its view's docstring, written in English for the code's
readers ("Scope every query of the request to the caller's body…"), and describes an `id` in DRF's machine
Chinese ("标识此 计划事项 的 唯一整数值。"). This hook, run last over the finished schema, gives every operation a
Chinese summary (a view's own Chinese summary is kept), groups the operations under Chinese headings (tags, one per
resource, each with what it is for), keeps only Chinese descriptions (an English docstring is dropped; a few
operations get a Chinese one that says what the docstring said), and names path parameters plainly ("计划事项的编号").

A resource or action added later without an entry here still gets a summary ("{resource}：{action}"), and
tests/core/test_chinese_interface.py asks that every operation's summary be Chinese, so the gap is noticed.
"""

import re

# A resource (the first segment after /api/v1/) → (heading, what it is for).
RESOURCES = {
    "": ("接口目录", "本接口提供的各个地址。"),
    "plans": ("年度计划", "各类年度工作计划（工作要点、监督工作计划等）及其分节和事项；可导出主要工作安排表。"),
    "plan-items": ("计划事项", "年度计划中的各项工作：录入、修改和更改状态，遵循与页面相同的规则和流程。"),
    "plan-imports": ("计划导入（Excel）", "上传主要工作安排表，预览逐行结果，确认后导入。"),
    "plan-word-imports": ("计划导入（Word）", "上传或粘贴计划的 Word 文字，预览逐项读出的内容，修正后导入。"),
    "meetings": ("会议", "常委会会议、主任会议和人民代表大会会议；议程顺序；议程和会议安排的导出。"),
    "agenda-items": ("议题", "会议议程中的议题。用 meeting 参数列出某次会议的议题；删除即撤下议题，相关计划事项随之退回。"),
    "material-steps": ("材料报送环节", "议题会议材料的各个报送环节及其完成情况。"),
    "evaluations": ("满意度测评", "对报告、部门或民生实事项目的满意度测评及其票数。"),
    "review-opinions": ("审议意见", "常委会审议意见：办公室录入；报告单位反馈后，负责的委员会登记评价。"),
    "rectifications": ("整改", "审议意见、满意度测评和执法检查提出的整改事项及其进展、办结。"),
    "inspections": ("执法检查", "执法检查及其报告。"),
    "special-inquiries": ("专题询问", "专题询问及其应询部门。"),
    "livelihood-projects": ("民生实事项目", "民生实事项目及其进展。"),
    "deputies": ("人大代表", "代表名册；联系方式只向常委会办公室提供。"),
    "stations": ("代表联络站", "代表联络站（中心站、片区站、联络点）。"),
    "receptions": ("进站接待", "代表进站接待群众的记录。"),
    "public-matters": ("群众反映（码上见代表）", "群众扫联络站或代表的二维码反映的事项：答复、转为代表建议、转交镇街、办结和公开；"
                       "反映人的姓名和电话只提供给常委会办公室。"),
    "meeting-attendances": ("代表列席", "代表列席常委会会议的记录，每名代表列席一次会议一条；常委会办公室登记。"),
    "trainings": ("代表培训", "代表履职培训（每期一条）及参训代表；常委会办公室登记。"),
    "duty-records": ("代表履职积分", "每名代表一年的各类履职次数、参加活动合计和积分（已定稿年度为定稿结果）；代表只看本人。"),
    "declared-activities": ("代表履职登记", "代表登记的培训、主题活动、向选民述职和其他履职（附证明材料）；办公室认定或退回。"),
    "congress-sessions": ("人民代表大会会议", "本级的人民代表大会会议，最近的在前；即代表建议的 session。"),
    "suggestions": ("代表建议", "代表建议及其办理的每个环节：审查立案、交办、签收、沟通联系、答复、代表反馈。"),
    "suggestion-figures": ("建议办理统计", "代表建议办理情况的统计数字。"),
    "suggestion-topics": ("建议分析", "代表建议按主题梳理的集中反映问题，供拟订下一年度计划。"),
    "plan-item-sources": ("计划事项来源建议", "根据代表建议拟订的计划事项及其来源建议。"),
    "suggestion-threads": ("连续建议线索", "代表连续多年提出的同一事项：各年建议、专项跟踪督办及督办进展。"),
    "similar-suggestions": ("相似建议", "与所给标题、内容最相似的往年和本年度建议（起草、录入时查重）。"),
    "year-figures": ("办公室登记的年度数字", "系统无法统计、由办公室登记的年度数字（如备案审查的规范性文件件数）及其来源。"),
    "calendar-feeds": ("日历订阅", "本人的日历订阅链接（个人、委员会）；可重新生成链接，旧链接随即失效。"),
    "committees": ("委员会", "本级人大常委会的专门委员会、工作委员会和办事机构。"),
    "reporting-bodies": ("报告单位", "向常委会报告工作、承办代表建议的单位。"),
    "notifications": ("提醒", "本人收到的提醒。"),
    "dashboard": ("驾驶舱", "驾驶舱的全部数字，与页面相同。"),
    "summary": ("年度统计", "年度工作统计。"),
}

# Summaries beyond "{resource}列表 / 新建… / 查看… / 修改… / 删除…": "METHOD resource[/{id}][/action]" → summary.
SUMMARIES = {
    "POST agenda-items/{id}/move": "将议题移到其他会议",
    "POST evaluations/{id}/counts": "录入满意度测评票数",
    "POST livelihood-projects/{id}/progress": "登记民生实事项目进展",
    "POST material-steps/{id}/record": "登记材料报送环节已完成",
    "POST meetings/{id}/reorder": "调整议程中议题的顺序",
    "POST notifications/{id}/read": "将提醒标为已读",
    "POST declared-activities/{id}/approve": "认定代表登记的履职活动",
    "POST declared-activities/{id}/return": "退回代表登记的履职活动",
    "POST notifications/read-all": "将全部提醒标为已读",
    "GET notifications/unread-count": "未读提醒数",
    "POST plan-imports": "上传主要工作安排表并预览",
    "POST plan-imports/{id}/commit": "确认导入",
    "POST plan-imports/{id}/preview": "按列的对应关系重新预览",
    "POST plan-word-imports": "上传或粘贴计划文字并预览",
    "POST plan-word-imports/{id}/commit": "确认导入",
    "POST plan-word-imports/{id}/preview": "修正后重新预览",
    "POST plan-items/{id}/status": "更改计划事项状态",
    "POST rectifications/{id}/close": "整改办结",
    "POST rectifications/{id}/notes": "登记整改进展",
    "POST review-opinions/{id}/respond": "登记反馈报告和评价",
    "GET deputies/reception-counts": "代表进站接待次数（与年度目标比较）",
    "POST public-matters/{id}/step": "办理群众反映的事项（答复、转为建议、转交、办结、公开）",
    "GET public-matters/figures": "群众反映的统计（按联络站或代表）",
    "GET dashboard": "驾驶舱的全部数字",
    "GET suggestion-figures": "建议办理统计",
    "GET suggestion-topics": "代表建议集中反映问题（按主题）",
    "GET similar-suggestions": "查找相似建议",
    "POST calendar-feeds/{id}/renew": "重新生成日历订阅链接",
    "GET summary/{id}": "年度工作统计",
    "GET ": "接口目录",
}

# Chinese descriptions that say what an operation's English docstring said: "METHOD resource[/{id}][/action]".
DESCRIPTIONS = {
    "GET ": "各类数据的列表地址，以及接口说明（schema）和本文档（docs）的地址。",
    "GET agenda-items": "meeting 参数：只列出该次会议的议题。",
    "DELETE agenda-items/{id}": "撤下议题：相关计划事项退回“准备中”。",
    "POST material-steps/{id}/record": "提交 done_on（默认今天）、note 和 document（文件用 multipart 上传）。",
    "PATCH material-steps/{id}": "只修改提交的字段，其他字段保持原登记值。",
    "POST review-opinions": "常委会办公室录入审议意见。",
    "POST review-opinions/{id}/respond": "负责的委员会登记报告单位的反馈报告和评价。",
    "GET deputies/reception-counts": "在任代表某年度的进站接待次数与目标比较，未达标的在前。",
    "POST public-matters/{id}/step": ("step：reply（答复，text）、forward（转为代表建议草稿，title、deputy）、pass_on（转交镇街，"
                                      "recipient、note）、close（办结，reason）、publish / unpublish（在联络站页面公开或取消）。"),
    "GET public-matters/figures": "by=station（联络站）或 deputy（代表）：事项数、按时答复数、转为建议数、评价数和满意率。",
    "GET plans/{id}/export.xlsx": "本级任何用户均可导出；其他人大常委会的计划返回 404。",
}
CONFLICT = ("修改时须提交读取时的 version（或在 If-Match 头中提交 ETag），两者都没有时返回 400；"
            "记录已被他人修改时返回 409 和当前内容，本次修改不保存。")

# English property descriptions that are more than a list of values.
PROPERTIES = {
    "A / B / C / D, or empty before the reply": "A / B / C / D；答复前为空",
    "satisfied / basic / unsatisfied, or empty": "satisfied（满意）/ basic（基本满意）/ unsatisfied（不满意）；未评价时为空",
    "satisfied / basic / unsatisfied": "satisfied（满意）/ basic（基本满意）/ unsatisfied（不满意）",
    "accepted, assigned, handling, replied, rehandling, closed…": "accepted（已立案）、assigned（已交办）、handling（办理中）、"
                                                                 "replied（已答复）、rehandling（重新办理）、closed（已办结）等",
    "male / female": "male（男）/ female（女）",
    "serving / resigned / vacated": "serving（在任）/ resigned（已辞职）/ vacated（代表资格终止）",
    "central / area / point": "central（中心站）/ area（片区站）/ point（联络点）",
    "open / closed": "open（整改中）/ closed（已办结）",
    "opinion / evaluation / inspection": "opinion（审议意见）/ evaluation（满意度测评）/ inspection（执法检查）",
    "phone / face / research / other": "phone（电话沟通）/ face（当面沟通）/ research（共同调研）/ other（其他方式）",
    "pending / approved / refused": "pending（待审批）/ approved（同意）/ refused（不同意）",
}
SECURITY = {
    "tokenAuth": "接口令牌：请求头 Authorization: Token <密钥>。令牌由本级系统管理员在“设置 › 接口令牌”发放给本级的工作人员。",
    "cookieAuth": "已登录本系统的浏览器会话（在本页试用接口时即用此方式）。",
}
PATH_PARAMETERS = {"job_id": "导入任务的编号", "year": "年度，如 2023"}

CJK = re.compile(r"[\u4e00-\u9fff]")
# Two English words in a row (after `code` is taken out): a sentence, not a field name or a value list.
ENGLISH = re.compile(r"[A-Za-z]{2,}[’']?[A-Za-z]*[,;]?\s+[A-Za-z]{2,}")
MACHINE_ID = re.compile(r"^(?:标识此\s*(?P<zh>.+?)\s*的\s*唯一整数值|A unique integer value identifying this (?P<en>.+?))[。.]?$")
SEGMENT = re.compile(r"^/api/v1/(?P<rest>.*?)/?$")


def chinese(text) -> bool:
    """Written in Chinese: Chinese characters and no English sentence (field names and values may be English)."""
    return bool(text and CJK.search(text)) and not ENGLISH.search(re.sub(r"`[^`]*`", "", text))


def _shape(path: str):
    """(resource, has an object id, action or None) of an /api/v1/ path."""
    rest = SEGMENT.match(path).group("rest") if SEGMENT.match(path) else path.strip("/")
    parts = [p for p in rest.split("/") if p]
    if not parts:
        return "", False, None
    resource, others = parts[0], parts[1:]
    has_id = bool(others) and others[0].startswith("{")
    if has_id:
        others = others[1:]
    return resource, has_id, "/".join(others) or None


def _summary(key: str, method: str, name: str, has_id: bool, action: str | None) -> str:
    if key in SUMMARIES:
        return SUMMARIES[key]
    if action:
        return f"{name}：{action}"
    if not has_id:
        return {"get": f"{name}列表", "post": f"新建{name}"}.get(method, name)
    return {
        "get": f"查看{name}",
        "put": f"修改{name}（提交全部字段）",
        "patch": f"修改{name}（只提交要改的字段）",
        "delete": f"删除{name}",
    }.get(method, name)


def _id_name(operation: dict) -> str | None:
    """What an `id` in the path names, from the model's name that DRF put in its description."""
    for parameter in operation.get("parameters", []):
        found = parameter["name"] == "id" and MACHINE_ID.match(parameter.get("description") or "")
        if found:
            return (found.group("zh") or found.group("en")).strip()
    return None


def _parameters(operation: dict, name: str) -> None:
    for parameter in operation.get("parameters", []):
        description = parameter.get("description") or ""
        if parameter["in"] == "path" and parameter["name"] in PATH_PARAMETERS:
            parameter["description"] = PATH_PARAMETERS[parameter["name"]]
        elif MACHINE_ID.match(description) or (parameter["in"] == "path" and not chinese(description)):
            parameter["description"] = f"{name}的编号"


def _describe(operation: dict, key: str) -> None:
    description = DESCRIPTIONS.get(key)
    if not description and chinese(operation.get("description")):
        description = operation["description"]
    conflict = operation.get("responses", {}).get("409", {}).get("description", "")
    if "{id}" in key and "version" in conflict:
        description = f"{description}\n\n{CONFLICT}" if description else CONFLICT
    if description:
        operation["description"] = description
    else:
        operation.pop("description", None)
    for answer in operation.get("responses", {}).values():
        if answer.get("description") == "No response body":
            answer["description"] = "成功，无返回内容"


def _components(result: dict) -> None:
    components = result.get("components", {})
    for schema in components.get("schemas", {}).values():
        if "description" in schema and not chinese(schema["description"]):
            del schema["description"]  # a serializer's docstring, for the code's readers
        for field in schema.get("properties", {}).values():
            if field.get("description") in PROPERTIES:
                field["description"] = PROPERTIES[field["description"]]
    for name, scheme in components.get("securitySchemes", {}).items():
        if name in SECURITY:
            scheme["description"] = SECURITY[name]


def chinese_documentation(result, generator, request, public):
    used = []
    for path, operations in result.get("paths", {}).items():
        resource, has_id, action = _shape(path)
        for method, operation in operations.items():
            if method not in ("get", "put", "patch", "post", "delete"):
                continue
            heading = RESOURCES.get(resource, (None, None))[0] or _id_name(operation) or resource
            name = _id_name(operation) or heading
            key = f"{method.upper()} {resource}" + ("/{id}" if has_id else "") + (f"/{action}" if action else "")
            if not chinese(operation.get("summary")):
                operation["summary"] = _summary(key, method, name, has_id, action)
            _parameters(operation, name)
            _describe(operation, key)
            operation["tags"] = [heading]
            if heading not in used:
                used.append(heading)
    order = [heading for heading, _ in RESOURCES.values()]
    used.sort(key=lambda heading: order.index(heading) if heading in order else len(order))
    about = dict(RESOURCES.values())
    result["tags"] = [{"name": heading, **({"description": about[heading]} if about.get(heading) else {})}
                      for heading in used]
    _components(result)
    return result
