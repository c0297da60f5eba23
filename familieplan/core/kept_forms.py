"""What someone typed when their session had ended is kept, for them alone, until they have
logged in again and see it in the form.

Sessions end after 30 minutes without a request (settings.SESSION_COOKIE_AGE). A note typed
for longer is sent without a logged-in user; the login middleware (accounts/middleware.py)
then calls `keep`: the submitted fields, without the CSRF token, passwords and files, go into
the new (anonymous) session, tied to the page the form is on, for `KEEP_SECONDS`. After the
login the person lands on that page, and the page's form shows the text (`restore_kept`,
called by every form page) with a message. Nothing is saved by itself: they look it over and
press the button again, and an edit made from an old version meets the version check
(core/concurrency.py). The kept text is used once, then dropped.

Whose text it is: the session that ended no longer says (its data is gone), so a browser
cookie does — a keyed hash of the last person logged in on this browser, set on every page
they see and removed when they log out (`remember_owner`, `forget_owner`); it lasts only
while the browser is open. The kept text carries that mark; it is shown only to the person
with the same mark and dropped as soon as anyone else is logged in (a shared phone: the next
person never sees it).

Sent again after the login (`replayed_after_login`): a view may opt in to have its kept POST
sent through it once more when its owner is back, instead of only filling the form (the quick
note: a short text the person has already looked over). The login then leads to the view's
own address; on that GET the kept fields are taken out of the session (once) and the view runs
as the POST it was, so its checks, its submit token and its access rule all apply again. Safe
against forged requests: the kept POST passed the CSRF check when it arrived
(CsrfViewMiddleware runs before the login middleware), it is tied to the owner's mark and used
only by that person after they have logged in again (itself a form with a CSRF token), within
`KEEP_SECONDS`, once. `replayed_from(request)` tells the view it runs such a replay, and the
page the form was on.
"""

from __future__ import annotations

import time
from functools import wraps
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import QueryDict
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.datastructures import MultiValueDict
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

SESSION_KEY = "familieplan_kept_form"
OWNER_COOKIE = "familieplan_owner"
_SALT = "familieplan.core.kept_forms"
#: How long kept text waits for its owner to log in again.
KEEP_SECONDS = 20 * 60
#: More than this (in characters, all fields together) is not kept in the session.
MAX_CHARACTERS = 200_000
#: Fields never kept: the CSRF token, and anything that holds a password.
NEVER_KEPT = ("csrfmiddlewaretoken",)
#: Set on a view that opts in to have its kept POST sent again after the login.
REPLAY_ATTRIBUTE = "kept_post_replayed"
#: On a request that is such a replay: the page the form was on.
_REPLAYED_FROM = "_familieplan_replayed_from"


def owner_mark(user) -> str:
    """A keyed hash of the user: says who it is to this server only."""
    return salted_hmac(_SALT, f"owner:{user.pk}", algorithm="sha256").hexdigest()[:40]


def _cookie_owner(request) -> str | None:
    try:
        return request.get_signed_cookie(OWNER_COOKIE, salt=_SALT)
    except (KeyError, signing.BadSignature):
        return None


def remember_owner(request, response) -> None:
    """Mark this browser as the logged-in person's (a cookie that ends with the browser)."""
    mark = owner_mark(request.user)
    if _cookie_owner(request) != mark:
        response.set_signed_cookie(
            OWNER_COOKIE,
            mark,
            salt=_SALT,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def forget_owner(response) -> None:
    response.delete_cookie(OWNER_COOKIE, samesite="Lax")


def _kept_fields(request) -> dict[str, list[str]] | None:
    fields = {
        name: values
        for name, values in request.POST.lists()
        if name not in NEVER_KEPT and "password" not in name.lower()
    }
    size = sum(len(name) + sum(len(v) for v in values) for name, values in fields.items())
    return fields if fields and size <= MAX_CHARACTERS else None


def _form_page(request) -> str:
    """Where the form was: the page that sent it (a form inside another page, e.g. a decision
    on the meeting page, posts to an action that has no page of its own), else the address
    it was sent to."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        # A path on this site only: "//elsewhere" would be read as another host.
        local = parts.path.startswith("/") and not parts.path.startswith(("//", "/\\"))
        if local and parts.path != request.path:
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()


def keep(request, *, replay: bool = False) -> str | None:
    """Keep the fields of a POST sent after its session ended, for the person whose browser
    it is; the page to return to after the login (None: nothing was kept). `replay`: the view
    opted in to have the POST sent again after the login (`replayed_after_login`), so the
    login leads to the view's own address."""
    owner = _cookie_owner(request)
    fields = _kept_fields(request) if owner else None
    if fields is None:
        return None
    page = _form_page(request)
    request.session[SESSION_KEY] = {
        "path": request.path if replay else urlsplit(page).path,
        "page": page,
        "replay": replay,
        "owner": owner,
        "until": time.time() + KEEP_SECONDS,
        "fields": fields,
    }
    if replay:
        text = _(
            "Du ble logget ut fordi det var lenge siden du brukte Familieplan. Logg inn igjen, "
            "så blir det du skrev lagret."
        )
    else:
        text = _(
            "Du ble logget ut fordi det var lenge siden du brukte Familieplan. Logg inn igjen, "
            "så får du tilbake det du skrev."
        )
    messages.warning(request, text)
    return request.path if replay else page


def drop_if_not_theirs(request) -> None:
    """Kept text belongs to one person: anyone else logged in on the browser drops it."""
    kept = request.session.get(SESSION_KEY)
    if kept and not constant_time_compare(kept.get("owner", ""), owner_mark(request.user)):
        del request.session[SESSION_KEY]


def restore_kept(request, *forms) -> bool:
    """Show kept text in `forms` when this is the page it was typed on and its owner is
    back (unbound forms only, on a GET: nothing is saved). Used once, then dropped."""
    kept = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not kept or request.method != "GET" or kept.get("path") != request.path:
        return False
    del request.session[SESSION_KEY]
    if kept.get("until", 0) < time.time() or not request.user.is_authenticated:
        return False
    if not constant_time_compare(kept.get("owner", ""), owner_mark(request.user)):
        return False
    data = MultiValueDict(kept.get("fields", {}))
    files: MultiValueDict[str, UploadedFile] = MultiValueDict()
    restored = False
    for form in forms:
        if form is None or form.is_bound:
            continue
        keys = {name: form.add_prefix(name) for name in form.fields}
        if not any(key in data for key in keys.values()):
            continue  # another form on the page
        for name, field in form.fields.items():
            # An unticked box is not sent at all: it was unticked, not forgotten.
            if not field.widget.value_omitted_from_data(data, files, keys[name]):
                form.initial[name] = field.widget.value_from_datadict(data, files, keys[name])
        restored = True
    if restored:
        messages.warning(
            request,
            _("Du ble logget ut. Teksten du skrev er tatt vare på – se over og lagre igjen."),
        )
    return restored


# -- Sent again after the login (opt-in) ------------------------------------------------------


def _take_replay(request) -> dict | None:
    """The kept POST to send through this view again: on a GET of the address it was sent to,
    by its owner, logged in again, in time. Taken out of the session either way (once)."""
    kept = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not kept or not kept.get("replay") or request.method != "GET":
        return None
    if kept.get("path") != request.path or not request.user.is_authenticated:
        return None
    del request.session[SESSION_KEY]
    if kept.get("until", 0) < time.time():
        return None
    if not constant_time_compare(kept.get("owner", ""), owner_mark(request.user)):
        return None
    return kept


def _local_page(request, page) -> str:
    """The kept page if it is an address on this site, else the view's own."""
    if (
        isinstance(page, str)
        and page.startswith("/")
        and url_has_allowed_host_and_scheme(
            page, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return page
    return request.path


def replayed_after_login(view):
    """Opt a view in: its POST kept over the session's end is sent through it again once the
    same person has logged in (the module's docstring says why that is safe). The view sees an
    ordinary POST; `replayed_from(request)` says it is a replay."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        kept = _take_replay(request)
        if kept is not None:
            data = QueryDict(mutable=True)
            for name, values in kept.get("fields", {}).items():
                data.setlist(name, [str(v) for v in values])
            data._mutable = False
            request.method = "POST"
            request.POST = data
            setattr(request, _REPLAYED_FROM, _local_page(request, kept.get("page")))
        return view(request, *args, **kwargs)

    setattr(wrapper, REPLAY_ATTRIBUTE, True)
    return wrapper


def is_replayed(view) -> bool:
    """Whether `view` opted in to `replayed_after_login`."""
    return bool(getattr(view, REPLAY_ATTRIBUTE, False))


def replayed_from(request) -> str | None:
    """On a replayed POST: the page the form was on (None: not a replay). A form sent from its
    own page names that address."""
    return getattr(request, _REPLAYED_FROM, None)
