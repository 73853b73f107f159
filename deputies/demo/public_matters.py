"""Example matters residents left at Baiyun's liaison stations (码上见代表 / 随手拍), one or more in every state,
at the station of the demo deputy (deputy-demo, who has opted in to a page of their own) and at two others.

Each example has a known receipt code (BYDEMA23, BYDEMB23, …, printed by load_demo) so that a visitor can follow
it on /public/<body>/matters/follow/. The forwarded one is linked to deputy-demo's between-sessions suggestion
that awaits the office's check (deputies/demo/accounts.py), so no suggestion is added. Run once: nothing if the
body already has example matters.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from deputies.models import Deputy, MatterStep, PublicMatter, Signature, Station
from deputies.public_matters import codes

K = MatterStep.Kind
S = PublicMatter.Status

# (receipt code, days ago, text, place, name, phone, status, answer/recipient, rating, public)
EXAMPLES = [
    ("BYDEMA23", 1, "小区东门外的路灯坏了三盏，晚上老人孩子出行很不方便。（示例）", "东门外人行道", "陈阿姨", "13800001001",
     S.NEW, "", "", False),
    ("BYDEMB23", 12, "菜市场门口早高峰占道摆摊，公交车进站困难。（示例）", "菜市场公交站", "", "", S.NEW, "", "", False),
    ("BYDEMC23", 9, "公园里的健身器材有两台松动，存在安全隐患。（示例）", "社区公园", "刘先生", "13800001003",
     S.REPLIED, "已联系街道和公园管理处，松动的器材已于本周加固，感谢您的反映。", "satisfied", True),
    ("BYDEMD23", 20, "学校门口没有人行横道，上下学时段车速快，建议增设人行横道和减速带。（示例）", "实验小学门口", "", "",
     S.FORWARDED, "", "basically", True),
    ("BYDEME23", 6, "老旧小区加装电梯的补贴政策不清楚，想了解申请流程。（示例）", "幸福里小区", "王先生", "13800001005",
     S.PASSED_ON, "某某街道办事处", "", False),
    ("BYDEMF23", 15, "反映的噪音问题已自行协商解决，不再需要处理。（示例）", "", "", "", S.CLOSED,
     "居民来电说明已与邻居协商解决", "", False),
]


def load_public_matters_demo(body) -> list[str]:
    """The example matters; returns their receipt codes, for load_demo to print."""
    if PublicMatter.objects.filter(body=body, is_example=True).exists():
        return []
    deputy = Deputy.objects.filter(body=body, user__username="deputy-demo").select_related("station").first()
    if deputy is None or deputy.station is None:
        return []
    if not deputy.public_slug:
        deputy.public_page, deputy.public_slug = True, codes.new_slug()
        deputy.save(update_fields=["public_page", "public_slug"])
    office = get_user_model().objects.filter(username="office").first()
    others = list(Station.objects.filter(body=body, is_example=True).exclude(pk=deputy.station_id).order_by("number")[:2])
    draft = (Signature.objects.filter(deputy=deputy, role="proposer", suggestion__status="submitted",
                                      suggestion__session__isnull=True).select_related("suggestion").first())
    now = timezone.now()
    made = []
    for i, (code, days, text, place, name, phone, status, answer, rating, public) in enumerate(EXAMPLES):
        created = now - timedelta(days=days, hours=i)
        station = deputy.station if i < 4 else (others[i - 4] if len(others) > i - 4 else deputy.station)
        m = PublicMatter.objects.create(
            body=body, station=station, deputy=deputy if i in (0, 2, 3) else None, text=text, place=place, name=name,
            phone=phone, code_hash=codes.code_hash(code), created_at=created, is_example=True)
        MatterStep.objects.create(matter=m, kind=K.SUBMITTED, by_label="群众", at=created,
                                  text=f"通过{station.name}的码上见代表页面反映")
        answered = created + timedelta(days=2)
        who, label = (deputy.user, f"{deputy.name}代表") if m.deputy_id else (office, "常委会办公室")
        if status == S.REPLIED:
            m.answer = answer
            MatterStep.objects.create(matter=m, kind=K.REPLIED, by=who, by_label=label, at=answered, text=answer)
        elif status == S.FORWARDED:
            m.answer = f"您反映的事项已由{deputy.name}代表转为代表建议，提交人大常委会交有关单位办理。"
            m.suggestion = draft.suggestion if draft else None
            title = draft.suggestion.title if draft else "代表建议"
            MatterStep.objects.create(matter=m, kind=K.FORWARDED, by=who, by_label=label, at=answered,
                                      text=f"转为{deputy.name}代表的建议草稿“{title}”")
        elif status == S.PASSED_ON:
            m.passed_to, m.answer = answer, f"已转交{answer}办理。请留意街道的电话回复。"
            MatterStep.objects.create(matter=m, kind=K.PASSED_ON, by=who, by_label=label, at=answered, text=m.answer)
        elif status == S.CLOSED:
            m.answer = f"办结：{answer}"
            MatterStep.objects.create(matter=m, kind=K.CLOSED, by=who, by_label=label, at=answered, text=answer)
        if status != S.NEW:
            m.status, m.answered_at = status, answered
        if rating:
            m.rating, m.rated_at = rating, answered + timedelta(days=1)
            MatterStep.objects.create(matter=m, kind=K.RATED, by_label="群众", at=m.rated_at,
                                      text=PublicMatter.Rating(rating).label)
        if public:
            m.is_public = True
            MatterStep.objects.create(matter=m, kind=K.PUBLISHED, by=who, by_label=label,
                                      at=answered + timedelta(hours=1), text="在联络站页面公开事项摘要和答复")
        m.save()
        made.append(code)
    return made
