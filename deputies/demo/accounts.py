"""Demo accounts of the two parties outside the office (issue 7), and what they have to do today.

- `deputy-demo`: linked to the example deputy who proposed and co-signed the most example
  suggestions, with one reply awaiting feedback where there is one;
- `unit-demo`: the handler (经办人) of 区发展改革局, lead or co-unit on several example suggestions;
- both with the demo password. Besides the 2023 examples, a few steps dated today, so their
  portals have current work: a between-sessions suggestion of deputy-demo awaiting the office's
  check, one waiting for deputy-demo to confirm as co-signer, and one just assigned to
  区发展改革局 that it has not signed for yet.
- The public disclosure page gets something to show: two thirds of the closed session
  suggestions and their replies are marked public (the rest stay internal, as in real offices).

Called by reports.demo.load_demo (scopes disabled, inside its transaction); idempotent.
"""

from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django_scopes import scopes_disabled

from core.models import BodyMembership, ReportingBody, UnitContact
from core.roles import DEPUTY, UNIT_CONTACT, ensure_roles
from deputies.demo.public_matters import EXAMPLES as PUBLIC_MATTER_EXAMPLES
from deputies.demo.public_matters import load_public_matters_demo
from deputies.models import Deputy, Reply, Signature, Suggestion
from deputies.models.suggestions import SuggestionStatus
from deputies.suggestions import lifecycle, online

DEMO_PASSWORD = "renda-demo"
DEMO_UNIT = "区发展改革局"


def load_portal_demo(body) -> None:
    User = get_user_model()
    if User.objects.filter(username="deputy-demo").exists():
        return
    unit = ReportingBody.objects.filter(body=body, name=DEMO_UNIT).first()
    deputy = _demo_deputy(body, unit)
    if deputy is None or unit is None:
        return
    groups = ensure_roles()
    password = make_password(DEMO_PASSWORD)  # hashed once (~0.3 s a hash): both accounts share it
    deputy_user = _user("deputy-demo", deputy.name, groups[DEPUTY], body, password)
    deputy.user = deputy_user
    deputy.save(update_fields=["user"])
    unit_user = _user("unit-demo", f"{DEMO_UNIT}经办人（示例）", groups[UNIT_CONTACT], body, password)
    UnitContact.objects.create(unit=unit, user=unit_user, level=UnitContact.Level.HANDLER,
                               name="示例经办人", title="综合科科员（示例）")
    office = User.objects.filter(username="office").first()
    _todays_work(body, deputy, deputy_user, unit, office)
    from deputies.demo.duty import load_duty_demo  # the 2023 duty record (代表履职登记), deputy-demo's declarations

    load_duty_demo(body, deputy, office)
    _publish_examples(body)
    # Matters residents left at the stations' 码上见代表 pages (deputies/demo/public_matters.py).
    load_public_matters_demo(body)


def portal_demo_lines() -> list[str]:
    """How load_demo introduces the two portal accounts."""
    with scopes_disabled():
        deputy = Deputy.objects.filter(user__username="deputy-demo").first()
        contact = UnitContact.objects.filter(user__username="unit-demo").select_related("unit").first()
    lines = []
    if deputy is not None:
        lines.append(f"  {'deputy-demo':<14}{deputy.name}（人大代表，{deputy.group}）")
    if contact is not None:
        lines.append(f"  {'unit-demo':<14}{contact.name}（承办单位联系人，{contact.unit.name}）")
    if deputy is not None and deputy.public_page:
        codes = "、".join(c[0] for c in PUBLIC_MATTER_EXAMPLES)
        lines.append(f"  码上见代表：/public/{deputy.body_id}/stations/…/，示例回执码 {codes}")
    return lines


def _user(username, name, group, body, password):
    """`password`: DEMO_PASSWORD hashed."""
    user = get_user_model().objects.create_user(username, first_name=name, email=f"{username}@renda.example")
    user.password = password
    user.save(update_fields=["password"])
    user.groups.add(group)
    BodyMembership.objects.create(user=user, body=body)
    return user


def _demo_deputy(body, unit) -> Deputy | None:
    """The serving example deputy with the most signatures, preferring one awaiting feedback
    and one whose suggestions 区发展改革局 handles."""
    signatures = Signature.objects.filter(suggestion__body=body, deputy__is_example=True,
                                          deputy__status=Deputy.Status.SERVING)
    proposed = Counter(signatures.filter(role="proposer").values_list("deputy_id", flat=True))
    cosigned = Counter(signatures.filter(role="cosigner").values_list("deputy_id", flat=True))
    awaiting = set(signatures.filter(role="proposer", suggestion__status=SuggestionStatus.REPLIED)
                   .values_list("deputy_id", flat=True))
    with_unit = set(signatures.filter(suggestion__assignments__unit=unit).values_list("deputy_id", flat=True))
    candidates = [pk for pk in proposed if cosigned[pk]]
    if not candidates:
        return None
    best = max(candidates, key=lambda pk: (pk in awaiting, pk in with_unit, proposed[pk] + cosigned[pk], -pk))
    return Deputy.objects.get(pk=best)


def _todays_work(body, deputy, deputy_user, unit, office) -> None:
    town = (deputy.group or "").removesuffix("代表小组") or "本镇街"
    group = list(Deputy.objects.filter(body=body, group=deputy.group, status=Deputy.Status.SERVING,
                                       is_example=True).exclude(pk=deputy.pk).order_by("pk")[:3])
    if len(group) < 2:
        return
    # deputy-demo's own between-sessions suggestion, co-signed and confirmed, awaiting the office.
    own = online.save_draft(body, deputy, title=f"（示例）关于在{town}增设社区长者饭堂的建议",
                            content="（示例数据）辖区老年人口增长较快，现有长者饭堂覆盖不足。建议：一是新增两处长者饭堂；"
                                    "二是完善配餐补贴办法。", category="社会建设", cosigners=[group[0]],
                            by=deputy_user)
    online.submit(own, by=deputy_user)
    online.confirm_cosign(own, group[0], by=None)
    # Another deputy's suggestion that waits for deputy-demo to confirm the co-signature.
    other = online.save_draft(body, group[1], title=f"（示例）关于加快{town}老旧小区加装电梯的建议",
                              content="（示例数据）老旧小区加装电梯审批环节多、协调难。建议简化审批、加大补贴。",
                              category="城建环保", cosigners=[deputy], by=None)
    online.submit(other, by=None)
    # A suggestion of deputy-demo accepted and just assigned to 区发展改革局, not yet signed for.
    fresh = online.save_draft(body, deputy, title="（示例）关于优化辖区营商环境、降低中小企业用能成本的建议",
                              content="（示例数据）部分中小企业反映用电用气成本偏高。建议梳理降本政策并加强宣传。",
                              category="财政经济", cosigners=[], by=deputy_user)
    online.submit(fresh, by=deputy_user)
    online.accept(fresh, by=office)
    lifecycle.assign(fresh, assigned_on=timezone.localdate(), lead_unit=unit, by=office)
    Suggestion.objects.filter(pk__in=[own.pk, other.pk, fresh.pk]).update(is_example=True)


def _publish_examples(body) -> None:
    closed = list(Suggestion.objects.filter(body=body, is_example=True, status=SuggestionStatus.CLOSED,
                                            session__isnull=False, year=2023).order_by("number").values_list("pk", flat=True))
    public = [pk for i, pk in enumerate(closed) if i % 3 != 2]
    Suggestion.objects.filter(pk__in=public).update(is_public=True)
    Reply.objects.filter(suggestion_id__in=public).update(is_public=True)

