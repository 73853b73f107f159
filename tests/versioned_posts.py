"""Posting an edit form as a browser does: with the version markers the page was shown with
(core.forms.versioned: a form posted without its marker is refused)."""

import re

MARKER = re.compile(r'name="((?:[\w-]+-)?version_marker)" value="([^"]*)"')


def markers(client, url) -> dict:
    """The hidden version markers of the page at `url`, by field name (one a form, prefixed where the form is)."""
    return dict(MARKER.findall(client.get(url).content.decode()))


def post_edit(client, url, data, **kwargs):
    """POST `data` to an edit page with the markers it shows now, as a browser that just opened it."""
    return client.post(url, {**markers(client, url), **data}, **kwargs)
