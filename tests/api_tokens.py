"""API keys for tests: `token_for("office")` issues a key of core.api_tokens and returns it in clear."""

from django.contrib.auth import get_user_model


def token_for(username_or_user, body=None, name="测试") -> str:
    """A new key for the user (by username or object), working in `body` (default: the user's own)."""
    from core.api_tokens import issue_token
    from core.bodies import body_for_user

    user = username_or_user
    if isinstance(user, str):
        user = get_user_model().objects.get(username=user)
    body = body or body_for_user(user)
    assert body is not None, f"{user.username} belongs to no body: a token needs one"
    _, raw = issue_token(user, body, name, user)
    return raw
