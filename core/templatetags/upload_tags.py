"""What a file input takes, for templates that write their own <input type="file"> (core/uploads.py decides)."""

from django import template

from core import uploads

register = template.Library()


@register.simple_tag
def upload_accept() -> str:
    """The accept attribute: the extensions the upload check takes."""
    return uploads.ACCEPT_ATTRIBUTE


@register.simple_tag
def upload_hint(what: str = "") -> str:
    """“PDF、OFD、Word、WPS、Excel、图片或其 ZIP 压缩包，不超过 20 MB”, with the configured size."""
    return uploads.help_text(what)
