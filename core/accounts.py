"""Accounts the office creates for deputies and handling units' contacts, and how they are handed over.

An account starts with a one-time link (to a page where the person sets their own password) or a
random initial password; either way AccountSetup records how and by whom it was issued, and until
the person sets a password of their own every page sends them to the password form
(core.middleware.MUST_CHANGE_PASSWORD, set at log-in by `flag_password_change`). Credentials are
shown once on a printable hand-out and never stored in clear: the link's token is Django's
password-reset token, which stops working once the password is set (and after
settings.PASSWORD_RESET_TIMEOUT), and only the initial password's hash is kept.

Every change here happens in one transaction; a refused request (AccountError, with the field it
concerns) creates nothing.
"""

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.models import AccountSetup
from core.roles import ADMINISTRATOR, STAFF_ROLES, UNIT_CONTACT, ensure_roles, has_role, is_office

METHODS = {AccountSetup.Method.LINK, AccountSetup.Method.PASSWORD}
# No 0/O/o, 1/l/I: the password is read off paper and typed on a phone.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 12
ACCOUNTS_OFFICE_ONLY = "只有常委会办公室和系统管理员可以创建和管理代表、承办单位的账号。"
STAFF_ACCOUNT = "该账号同时是常委会工作人员的账号，不能在这里重新发放或停用，请在后台管理中处理。"


class AccountError(ValueError):
    """A request the rules refuse; the message names the field and is shown to the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


@dataclass
class Credentials:
    """What the hand-out shows for one person: once, never stored."""

    name: str
    group: str  # 代表小组, or the unit's name and the contact's level
    username: str
    method: str
    link: str = ""
    password: str = ""
    reissued: bool = False

    @property
    def method_label(self) -> str:
        return AccountSetup.Method(self.method).label


def account_refusal(user) -> str | None:
    """Why the user may not create or manage deputies' and units' accounts; None when they may."""
    if not user.is_authenticated:
        return "请先登录。"
    if is_office(user) or has_role(user, ADMINISTRATOR):
        return None
    return ACCOUNTS_OFFICE_ONLY


def is_staff_account(user) -> bool:
    """An account with a staff role (or a superuser): not the office's to reset from these pages."""
    return user.is_superuser or user.is_staff or any(
        has_role(user, role) for role in STAFF_ROLES)


def initial_password() -> str:
    while True:
        value = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
        # At least one letter and one digit, so it is never taken for a number.
        if any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
            return value


def setup_path(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("account-setup", kwargs={"uidb64": uid, "token": token})


def check_method(method) -> str:
    if method not in METHODS:
        raise AccountError("请选择发放方式：一次性链接或初始密码。", "method")
    return method


def issue_login(user, method, by, request, *, name="", group="") -> Credentials:
    """A new one-time link or initial password for the user; the old password stops working.

    Either way the person must set their own password before doing anything else.
    """
    check_method(method)
    link = password = ""
    with transaction.atomic():
        reissued = AccountSetup.objects.filter(user=user).exists()
        if method == AccountSetup.Method.LINK:
            # An unusable password (a new random hash) also ends any link issued before.
            user.set_unusable_password()
            user.save(update_fields=["password"])
            path = setup_path(user)
            link = request.build_absolute_uri(path) if request is not None else path
        else:
            password = initial_password()
            user.set_password(password)
            user.save(update_fields=["password"])
        AccountSetup.objects.update_or_create(user=user, defaults={
            "method": method, "must_change_password": True, "issued_by": by if by and by.is_authenticated else None,
            "issued_at": timezone.now(), "password_set_at": None,
        })
    return Credentials(name=name or user.get_full_name() or user.username, group=group, username=user.username,
                       method=method, link=link, password=password, reissued=reissued)


# --- deputies ------------------------------------------------------------------------------------


def username_taken(username: str, planned: set[str]) -> bool:
    return username.lower() in planned or get_user_model().objects.filter(username__iexact=username).exists()


def join_body(user, body, role) -> None:
    from core.models import BodyMembership

    user.groups.add(ensure_roles()[role])
    BodyMembership.objects.get_or_create(user=user, body=body)


# --- handling units' contacts ------------------------------------------------------------------


def check_username(username: str) -> str:
    username = (username or "").strip()
    if not username:
        raise AccountError("请填写登录用户名。", "username")
    if len(username) > 150:
        raise AccountError("用户名不能超过 150 个字符。", "username")
    try:
        # Typed on phones and read off paper: English letters and digits, never 汉字 or full-width signs.
        ASCIIUsernameValidator()(username)
    except ValidationError:
        raise AccountError("用户名只能包含英文字母、数字和 @ . + - _ 符号，不能使用汉字或全角字符。", "username") from None
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise AccountError(f"用户名“{username}”已被使用，请换一个。", "username")
    return username


def create_unit_contact(body, unit, level, name, title, phone, username, method, by, request) -> Credentials:
    """A contact account of a reporting body or department (承办单位联系人) of the body."""
    from core.models import UnitContact

    check_method(method)
    if unit is None:
        raise AccountError("请选择单位。", "unit")
    if unit.body_id != body.pk:
        raise AccountError(f"“{unit}”不是本级的承办单位。", "unit")
    if level not in UnitContact.Level.values:
        raise AccountError("请选择联系人层级：分管领导、办公室或经办人。", "level")
    name = (name or "").strip()
    if not name:
        raise AccountError("请填写联系人姓名。", "name")
    username = check_username(username)
    with transaction.atomic():
        user = get_user_model().objects.create_user(username, first_name=name[:150])
        join_body(user, body, UNIT_CONTACT)
        contact = UnitContact.objects.create(unit=unit, user=user, level=level, name=name[:40],
                                             title=(title or "").strip()[:60], phone=(phone or "").strip()[:40])
        return issue_login(user, method, by, request, name=name,
                           group=f"{unit.name} · {contact.get_level_display()}")


def contact_reissue_refusal(contact) -> str | None:
    return STAFF_ACCOUNT if is_staff_account(contact.user) else None


def reissue_contact(contact, method, by, request) -> Credentials:
    refusal = contact_reissue_refusal(contact)
    if refusal:
        raise AccountError(refusal, "contact")
    return issue_login(contact.user, method, by, request, name=contact.name,
                       group=f"{contact.unit.name} · {contact.get_level_display()}")


# --- switching accounts off and on ---------------------------------------------------------------


def set_active(user, active: bool, *, contact=None) -> None:
    """停用 / 启用: an inactive account cannot log in (its sessions end with it); a unit's contact
    also stops being one of the unit's contacts."""
    if is_staff_account(user):
        raise AccountError(STAFF_ACCOUNT, "active")
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        if contact is not None:
            contact.active = active
            contact.save(update_fields=["active"])


# --- log-in and the first password -------------------------------------------------------------


def flag_password_change(sender, request, user, **kwargs) -> None:
    """At log-in (user_logged_in): an account still on its issued credentials must change them first."""
    from core.middleware import MUST_CHANGE_PASSWORD

    if request is None or not hasattr(request, "session"):
        return
    if AccountSetup.objects.filter(user=user, must_change_password=True).exists():
        request.session[MUST_CHANGE_PASSWORD] = True


def password_set(user) -> None:
    """The person has set their own password: no more sending them to the password form."""
    AccountSetup.objects.filter(user=user).update(must_change_password=False, password_set_at=timezone.now())


# --- the state shown on the office's pages ---------------------------------------------------------

STATES = [
    ("none", "未创建"),
    ("link", "已发放链接"),
    ("password", "已发放初始密码"),
    ("active", "已启用"),
    ("inactive", "已停用"),
]


def account_state(user) -> tuple[str, str]:
    """(key, label) of an account as the office sees it; `user` may be None (no account)."""
    if user is None:
        return "none", "未创建"
    if not user.is_active:
        return "inactive", "已停用"
    setup = setup_of(user)
    if setup is not None and setup.must_change_password:
        return setup.method, "已发放链接，待设置密码" if setup.method == "link" else "已发放初始密码，待修改"
    return "active", "已启用"


def setup_of(user) -> AccountSetup | None:
    if user is None:
        return None
    try:
        return user.account_setup
    except AccountSetup.DoesNotExist:
        return None


# --- the hand-out, between the POST that issues and the page that shows it ---------------------------
#
# Issuing is a POST; the hand-out is the GET it redirects to, shown once. In between, the credentials
# wait in the office user's session, sealed: the session keeps only the ciphertext, and the key travels
# in the redirect's URL. The first GET takes the sealed sheet out of the session and shows it; a refresh
# (or a second GET of the same URL) finds nothing, and nothing in the session or the URL alone ever held
# a password or a link in clear.


def _keystream(key: bytes, length: int) -> bytes:
    blocks = (hmac.new(key, b"stream" + n.to_bytes(4, "big"), hashlib.sha256).digest()
              for n in range((length + 31) // 32))
    return b"".join(blocks)[:length]


def seal(data: dict) -> tuple[str, str]:
    """(key, sealed): the dict encrypted under a fresh random key, with an HMAC tag."""
    key = secrets.token_bytes(32)
    plain = json.dumps(data, ensure_ascii=False).encode()
    cipher = bytes(a ^ b for a, b in zip(plain, _keystream(key, len(plain))))
    tag = hmac.new(key, b"tag" + cipher, hashlib.sha256).digest()
    encode = base64.urlsafe_b64encode
    return encode(key).decode().rstrip("="), encode(tag + cipher).decode()


def unseal(key: str, sealed: str) -> dict | None:
    try:
        raw_key = base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))
        blob = base64.urlsafe_b64decode(sealed)
    except (ValueError, TypeError):
        return None
    tag, cipher = blob[:32], blob[32:]
    if len(raw_key) != 32 or not hmac.compare_digest(tag, hmac.new(raw_key, b"tag" + cipher, hashlib.sha256).digest()):
        return None
    plain = bytes(a ^ b for a, b in zip(cipher, _keystream(raw_key, len(cipher))))
    return json.loads(plain)


SEALED_KEPT = 5  # sealed sheets waiting in one session; older unopened ones (a closed tab) are dropped


def park_sealed(session, session_key: str, data: dict) -> str:
    """Keep `data` sealed in the session under `session_key`; returns the query string (h=…&k=…) of the
    one GET that may take it out: the session holds only ciphertext, the key travels in the URL."""
    key, sealed = seal(data)
    handout_id = secrets.token_urlsafe(8)
    waiting = dict(session.get(session_key, {}))
    for old in list(waiting)[:max(0, len(waiting) - SEALED_KEPT + 1)]:
        waiting.pop(old)
    waiting[handout_id] = sealed
    session[session_key] = waiting
    return urlencode({"h": handout_id, "k": key})


def take_sealed(session, session_key: str, params) -> dict | None:
    """The data parked under the request's h and k, taken out of the session; None when gone or forged."""
    waiting = dict(session.get(session_key, {}))
    sealed = waiting.pop(params.get("h", ""), None)
    if sealed is None:
        return None
    session[session_key] = waiting
    return unseal(params.get("k", ""), sealed)


def credentials_data(credentials) -> list[dict]:
    return [asdict(c) for c in credentials]


def credentials_from(rows) -> list[Credentials]:
    return [Credentials(**row) for row in rows]
