"""One handler of the handling steps posted from the staff page, the deputy portal and the API alike."""

from django.core.exceptions import PermissionDenied

from deputies.models import Deputy
from deputies.permissions import deputy_of, matter_refusal
from deputies.public_matters import service

STEPS = {"reply": "答复", "forward": "转为代表建议", "pass_on": "转交镇街", "close": "办结", "publish": "公开",
         "unpublish": "取消公开"}


def forward_deputies(matter, user):
    """Whose draft the matter may become: a deputy forwards as themselves; the office picks a serving deputy of the
    matter's station (or its addressee)."""
    me = deputy_of(user)
    if me is not None:
        return [me]
    rows = Deputy.objects.filter(status=Deputy.Status.SERVING, station_id=matter.station_id)
    if matter.deputy_id:
        rows = rows | Deputy.objects.filter(pk=matter.deputy_id)
    return list(rows.only("id", "name").order_by("name").distinct())


def take(matter, user, data) -> str:
    """Take the step named data["step"]; returns what was done, in words. Raises PermissionDenied or MatterError."""
    reason = matter_refusal(user, matter)
    if reason:
        raise PermissionDenied(reason)
    step = data.get("step", "")
    if step not in STEPS:
        raise service.MatterError("请选择要办理的环节。", "step")
    if step == "reply":
        service.reply(matter, text=data.get("text", ""), by=user)
        return "已答复，群众凭回执码可以看到答复。"
    if step == "pass_on":
        service.pass_on(matter, recipient=data.get("recipient", ""), note=data.get("note", ""), by=user)
        return "已转交，并告知群众。"
    if step == "close":
        service.close(matter, reason=data.get("reason", ""), by=user)
        return "已办结。"
    if step in ("publish", "unpublish"):
        service.set_public(matter, step == "publish", by=user)
        return "已在联络站页面公开事项摘要和答复。" if step == "publish" else "已取消公开。"
    choices = {d.pk: d for d in forward_deputies(matter, user)}
    wanted = str(data.get("deputy", "") or "")
    deputy = choices.get(int(wanted)) if wanted.isdigit() else (next(iter(choices.values())) if len(choices) == 1
                                                                else None)
    if deputy is None:
        raise service.MatterError("请从列表中选择提出建议的代表（本联络站的在任代表）。", "deputy")
    draft = service.forward(matter, deputy=deputy, title=data.get("title", ""), by=user)
    return f"已转为{deputy.name}代表的建议草稿“{draft.title}”，代表在代表工作台修改后提交。"
