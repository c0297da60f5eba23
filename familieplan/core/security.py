"""Response headers for families on shared phones and for the browser's own defences.

Every response Django answers (static files are answered before, by WhiteNoise) gets:

- `Cache-Control: no-store` (with `Pragma: no-cache` for old caches): family pages, PDFs,
  CSV/Excel downloads and the JSON copy must not stay in a shared phone's or a proxy's cache,
  where the back button or the next person would find them after logout;
- a `Permissions-Policy` that turns off the browser features the product never uses (camera,
  microphone, location, payment, USB …), so an injected script or frame cannot ask for them;
- `Cross-Origin-Resource-Policy: same-origin`: no other site can embed our pages or files.

The Content-Security-Policy itself comes from django-csp (settings.CONTENT_SECURITY_POLICY)
and Cross-Origin-Opener-Policy from Django's SecurityMiddleware. The policy allows scripts
and styles from our own static files only: no 'unsafe-inline', no 'unsafe-eval'. What that
asks of the code: no inline <script>, no on…= or style= attributes, no hx-on; htmx adds no
indicator <style> and evaluates nothing (static/familieplan/site.js); the printed pages
(one template for page and PDF) carry `nonce="{{ request.csp_nonce }}"` on their <style>; the
charts size themselves with width and height attributes. Django's admin needs nothing more
(its scripts are files; only its change list without action bars has an inline <style>, which
no admin of ours turns off). tests/security/test_headers.py checks every page the URL walk
reaches; the browser tests fail on anything the browser refuses.
"""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers

#: Features no page uses; Chromium knows every name here (an unknown one is a console error).
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        response["Pragma"] = "no-cache"
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
