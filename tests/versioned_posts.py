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


def api_version(api, url) -> str:
    """The `version` an API client reads from a record's detail at `url` (to send back with its update)."""
    response = api.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.json()["version"]


def with_version(api, url, data: dict, detail=None) -> dict:
    """`data` with the version of the record read now, as a client that just read it sends its update (`detail`:
    the record's detail when `url` is an action on it)."""
    return {**data, "version": api_version(api, detail or url)}
