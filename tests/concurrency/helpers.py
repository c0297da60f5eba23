"""Forms as two people (or one person pressing twice) send them: the page's own fields, as the
browser would send them back, with some changed."""

from __future__ import annotations

from tests import fuzzing


def page_form(client, path: str, **changes) -> dict:
    """The form on `path` (the one posting to itself) as the browser sends it, with `changes`."""
    html = client.get(path).content.decode()
    form = next(f for f in fuzzing.forms_on(path, html) if f.method == "post" and f.action == path)
    data = {name: values for name, values in form.baseline().items() if values}
    data.update(changes)
    data.pop("csrfmiddlewaretoken", None)
    return data


def inline_form(client, page: str, action: str, **changes) -> dict:
    """The form on `page` that posts to `action` (a form inside the page, one of many), as the
    browser sends it, with `changes`."""
    html = client.get(page).content.decode()
    form = next(f for f in fuzzing.forms_on(page, html) if f.action == action)
    data = {name: values for name, values in form.baseline().items() if values}
    data.update(changes)
    data.pop("csrfmiddlewaretoken", None)
    return data


def form_from(body: str, url: str, typed: dict) -> dict:
    """`typed` again with the version the page `body` (a refused form on `url`) now states."""
    form = next(f for f in fuzzing.forms_on(url, body) if f.method == "post" and f.action == url)
    return {**typed, "version": form.values["version"][0]}
