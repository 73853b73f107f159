"""The steps of a resident's matter: left at a station's public page, answered, forwarded as the draft of a
deputy's suggestion, passed to the town's office, closed, rated; each in one transaction with its timeline step.

The checks are here, for the pages, the portal and the API alike; a refused step raises MatterError with a
Chinese message naming the field, and changes nothing.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from core.roles import is_office
from core.uploads import IMAGES, MB, base_name, extension, upload_problem
from deputies.models import Deputy, MatterPhoto, MatterStep, PublicMatter
from deputies.models.public_matters import MAX_PHOTOS, PLACE_MAX, TEXT_MAX
from deputies.public_matters import codes

S = PublicMatter.Status
K = MatterStep.Kind
OFFICE_LABEL = "常委会办公室"


class MatterError(Exception):
    def __init__(self, message: str, field: str = "__all__"):
        super().__init__(message)
        self.message, self.field = message, field


# --- the resident's side ---------------------------------------------------------------------------------

def per_hour() -> int:
    return settings.PUBLIC_MATTERS_PER_HOUR


def rate_refusal(ip_hash: str, device_hash: str, now=None) -> str | None:
    """Why another matter from this address or device is refused now; None when it may come."""
    since = (now or timezone.now()) - timedelta(hours=1)
    recent = PublicMatter._base_manager.filter(created_at__gte=since)  # every body: the limit is the sender's
    limit = per_hour()
    if ip_hash and recent.filter(sender_ip=ip_hash).count() >= limit:
        return f"同一网络一小时内最多提交 {limit} 件事项，请稍后再试；急事请直接拨打联络站电话。"
    if device_hash and recent.filter(sender_device=device_hash).count() >= limit:
        return f"同一部手机一小时内最多提交 {limit} 件事项，请稍后再试。"
    return None


def photo_problem(upload) -> str | None:
    """A photo: JPG or PNG whose content is an image (core.uploads), at most PUBLIC_MATTER_PHOTO_MAX_MB."""
    name = base_name(getattr(upload, "name", ""))
    cap = settings.PUBLIC_MATTER_PHOTO_MAX_MB
    if extension(name) not in IMAGES:
        return f"照片“{name}”不能上传：只接受 JPG 或 PNG 图片。"
    if (getattr(upload, "size", 0) or 0) > cap * MB:
        return f"照片“{name}”超过 {cap} MB，请压缩后再上传。"
    problem = upload_problem(upload)
    if problem:
        return f"照片“{name}”不能上传：{problem.split('。')[0]}。"
    return None


@dataclass
class Received:
    matter: PublicMatter
    code: str


def submit(station, *, text, place="", name="", phone="", photos=(), deputy=None, ip_hash="", device_hash="",
           now=None) -> Received:
    """A resident's matter; returns it with its receipt code (shown once, never stored in clear)."""
    text, place, name, phone = (text or "").strip(), (place or "").strip(), (name or "").strip(), (phone or "").strip()
    if not text:
        raise MatterError("请写明您要反映的事项。", "text")
    if len(text) > TEXT_MAX:
        raise MatterError(f"反映的事项最多 {TEXT_MAX} 字，现有 {len(text)} 字。", "text")
    if len(place) > PLACE_MAX:
        raise MatterError(f"地点最多 {PLACE_MAX} 字。", "place")
    if len(name) > 40:
        raise MatterError("称呼最多 40 字。", "name")
    if phone and not (7 <= sum(c.isdigit() for c in phone) <= 15 and all(c.isdigit() or c in "-+ " for c in phone)):
        raise MatterError("联系电话请填写手机号或固定电话号码（可不填）。", "phone")
    photos = [p for p in photos if p]
    if len(photos) > MAX_PHOTOS:
        raise MatterError(f"照片最多 {MAX_PHOTOS} 张。", "photos")
    for photo in photos:
        problem = photo_problem(photo)
        if problem:
            raise MatterError(problem, "photos")
    if deputy is not None and (deputy.body_id != station.body_id or not deputy.public_page):
        raise MatterError("该代表未开通码上见代表页面。", "deputy")
    refusal = rate_refusal(ip_hash, device_hash, now)
    if refusal:
        raise MatterError(refusal)
    for _ in range(5):  # a clash of 8 random characters is all but impossible; try again if it happens
        code = codes.new_code()
        try:
            with transaction.atomic():
                matter = PublicMatter.objects.create(
                    body_id=station.body_id, station=station, deputy=deputy, text=text, place=place, name=name,
                    phone=phone, code_hash=codes.code_hash(code), sender_ip=ip_hash, sender_device=device_hash,
                    **({"created_at": now} if now else {}))
                for photo in photos:
                    MatterPhoto.objects.create(matter=matter, image=photo)
                MatterStep.objects.create(matter=matter, kind=K.SUBMITTED, by_label="群众", at=matter.created_at,
                                          text=f"通过{station.name}的码上见代表页面反映"
                                               + (f"，反映给{deputy.name}代表" if deputy else ""))
            return Received(matter, code)
        except IntegrityError:
            continue
    raise MatterError("提交失败，请重试。")


def find(body, code: str) -> PublicMatter | None:
    """The body's matter with this receipt code, or None."""
    if not codes.well_formed(code):
        return None
    return PublicMatter.objects.filter(body=body, code_hash=codes.code_hash(code)).select_related(
        "station", "deputy").first()


def rate(matter, rating: str) -> PublicMatter:
    if rating not in PublicMatter.Rating.values:
        raise MatterError("请选择满意、基本满意或不满意。", "rating")
    with transaction.atomic():
        m = PublicMatter.objects.select_for_update().get(pk=matter.pk)
        if m.status == S.NEW:
            raise MatterError("事项尚未答复，答复后才能评价。", "rating")
        if m.rating:
            raise MatterError(f"您已评价为“{m.get_rating_display()}”。", "rating")
        m.rating, m.rated_at = rating, timezone.now()
        m.save(update_fields=["rating", "rated_at", "updated_at"])
        MatterStep.objects.create(matter=m, kind=K.RATED, by_label="群众", text=m.get_rating_display())
    return m


# --- the staff's and the deputy's side -----------------------------------------------------------------------

def by_label(user) -> str:
    deputy = getattr(user, "deputy", None) if user is not None and user.is_authenticated else None
    if deputy is not None and not is_office(user):
        return f"{deputy.name}代表"
    return OFFICE_LABEL


def _locked(matter):
    m = PublicMatter.objects.select_for_update().get(pk=matter.pk)
    if m.status == S.CLOSED:
        raise MatterError("该事项已办结，不能再办理。", "status")
    return m


def _answered(m, answer: str, status: str, fields: list[str]) -> None:
    m.answer, m.status = answer, status
    fields += ["answer", "status", "updated_at"]
    if m.answered_at is None:
        m.answered_at = timezone.now()
        fields.append("answered_at")
    m.save(update_fields=fields)


def _step(m, kind, user, text) -> None:
    MatterStep.objects.create(matter=m, kind=kind, by=user if user is not None and user.is_authenticated else None,
                              by_label=by_label(user), text=text)


def _required(text, field, message):
    text = (text or "").strip()
    if not text:
        raise MatterError(message, field)
    if len(text) > 2000:
        raise MatterError("最多 2000 字。", field)
    return text


def reply(matter, *, text, by) -> PublicMatter:
    text = _required(text, "text", "请填写答复内容，群众凭回执码查看。")
    with transaction.atomic():
        m = _locked(matter)
        _answered(m, text, S.REPLIED, [])
        _step(m, K.REPLIED, by, text)
    return m


def pass_on(matter, *, recipient, note="", by) -> PublicMatter:
    recipient = _required(recipient, "recipient", "请填写转交的单位，如某某街道办事处。")[:100]
    note = (note or "").strip()[:1000]
    with transaction.atomic():
        m = _locked(matter)
        m.passed_to = recipient
        answer = f"已转交{recipient}办理。" + (note if note else "")
        _answered(m, answer, S.PASSED_ON, ["passed_to"])
        _step(m, K.PASSED_ON, by, answer)
    return m


def close(matter, *, reason, by) -> PublicMatter:
    reason = _required(reason, "reason", "请写明办结的理由，群众凭回执码查看。")
    with transaction.atomic():
        m = _locked(matter)
        answer = f"{m.answer}\n办结：{reason}" if m.answer else f"办结：{reason}"
        _answered(m, answer[:2000], S.CLOSED, [])
        _step(m, K.CLOSED, by, reason)
    return m


def forward(matter, *, deputy, title="", by):
    """The deputy's draft suggestion from the matter (deputies.suggestions.online.save_draft), linked both ways:
    matter.suggestion, and the draft's content and creation event name the matter. The resident's name and phone
    are not copied into it. Returns the draft."""
    from deputies.suggestions import online

    if deputy is None:
        raise MatterError("请选择提出建议的代表。", "deputy")
    if deputy.body_id != matter.body_id or deputy.status != Deputy.Status.SERVING:
        raise MatterError(f"“{deputy}”不是本级在任代表。", "deputy")
    title = (title or "").strip() or f"关于{matter.excerpt.rstrip('…')}的建议"
    if len(title) > 200:
        raise MatterError("建议标题最多 200 字。", "title")
    with transaction.atomic():
        m = _locked(matter)
        if m.suggestion_id:
            raise MatterError("该事项已转为代表建议。", "status")
        content = (f"{m.text}\n\n地点：{m.place or '未填写'}\n"
                   f"（来源：{m.station.name}码上见代表{m.reference}，{timezone.localtime(m.created_at):%Y-%m-%d}群众反映）")
        draft = online.save_draft(m.body, deputy, title=title[:200], content=content, by=by)
        m.suggestion = draft
        if m.deputy_id is None:
            m.deputy = deputy
        _answered(m, f"您反映的事项已由{deputy.name}代表转为代表建议，提交人大常委会交有关单位办理。", S.FORWARDED,
                  ["suggestion", "deputy"])
        _step(m, K.FORWARDED, by, f"转为{deputy.name}代表的建议草稿“{draft.title}”")
    return draft


def set_public(matter, public: bool, *, by) -> PublicMatter:
    with transaction.atomic():
        m = PublicMatter.objects.select_for_update().get(pk=matter.pk)
        if public and m.status == S.NEW:
            raise MatterError("尚未答复的事项不能公开。", "is_public")
        if m.is_public != public:
            m.is_public = public
            m.save(update_fields=["is_public", "updated_at"])
            _step(m, K.PUBLISHED if public else K.UNPUBLISHED, by,
                  "在联络站页面公开事项摘要和答复" if public else "取消公开")
    return m


# --- figures ------------------------------------------------------------------------------------------------

def reply_days() -> int:
    return settings.PUBLIC_MATTER_REPLY_DAYS


def late_q(now=None):
    """Matters still waiting for their first answer after the reply days."""
    return Q(status=S.NEW, created_at__lt=(now or timezone.now()) - timedelta(days=reply_days()))


def figures(queryset, by: str) -> list[dict]:
    """Per station or deputy (`by` = "station" / "deputy"): matters, answered within the reply days, forwarded,
    rated and satisfied (满意 + 基本满意), with the shares. One query, whatever the number of rows."""
    from django.db.models import DurationField, ExpressionWrapper, F

    within = ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField())
    rows = (queryset.exclude(**{f"{by}__isnull": True}).annotate(wait=within).values(f"{by}_id", f"{by}__name")
            .annotate(matters=Count("pk"),
                      on_time=Count("pk", filter=Q(wait__lte=timedelta(days=reply_days()))),
                      forwarded=Count("pk", filter=Q(suggestion__isnull=False)),
                      rated=Count("pk", filter=~Q(rating="")),
                      satisfied=Count("pk", filter=Q(rating__in=["satisfied", "basically"])))
            .order_by(f"{by}__name"))
    out = []
    for r in rows:
        out.append({
            "id": r[f"{by}_id"], "name": r[f"{by}__name"], "matters": r["matters"], "on_time": r["on_time"],
            "forwarded": r["forwarded"], "rated": r["rated"], "satisfied": r["satisfied"],
            "on_time_rate": round(100 * r["on_time"] / r["matters"]) if r["matters"] else None,
            "satisfaction": round(100 * r["satisfied"] / r["rated"]) if r["rated"] else None,
        })
    return out
