"""``{% site_header %}`` and ``{% site_footer %}``: the parts of every page that show the same
thing to the same person, rendered once per process for each combination of what they show.

Through the template engine the header alone cost ~0.5 ms a page (a dozen ``{% url %}``, the
user menu, the bell, the CSRF token): a sixth of a cached article page. Here each part is a
pure function of a few plain values: ``header_inputs`` collects them, the template is
rendered from exactly those values (never from the request or the user object, so it can't
show anything the memo key leaves out), and the result is kept in a small in-process LRU.
The CSRF token, different in every response, is rendered as a placeholder and written in
afterwards. With ``DEBUG`` on, nothing is memoised, so template edits show at once.

Registered in ``kb/settings.py`` (``TEMPLATES`` ``libraries``) as ``layout``.
"""

import functools
import secrets

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe

register = template.Library()

# Stands for the CSRF token in a memoised rendering: random, so no text a person can type
# (a display name, a search) is ever mistaken for it.
CSRF_PLACEHOLDER = secrets.token_hex(16)
MEMO_SIZE = 4096


def header_inputs(context):
    """Everything ``includes/header.html`` shows, as a dict of plain values."""
    user = context.get("user")
    request = context.get("request")
    signed_in = bool(user is not None and user.is_authenticated)
    inputs = {"SITE_NAME": context.get("SITE_NAME"), "signed_in": signed_in}
    if not signed_in:
        return inputs
    username = user.get_username()
    # A lazy count (notifications.context_processors): read through str(), which it proxies.
    unread = context.get("unread_notifications")
    inputs.update(
        q=request.GET.get("q", "") if request is not None else "",
        can_write=_called(context.get("can_write")),
        moderates=_called(context.get("moderates")),
        unread=int(str(unread)) if unread else 0,
        avatar_url=user.avatar_url if user.avatar else "",
        initials=user.initials,
        name=user.name,
        email=user.email or username,
        username=username,
        is_guest=user.is_guest,
        is_staff=user.is_staff,
    )
    return inputs


def _called(value):
    # Context processors hand some verdicts over as functions, called only when shown.
    return bool(value() if callable(value) else value)


def footer_inputs(context):
    user = context.get("user")
    return {
        "SITE_NAME": context.get("SITE_NAME"),
        "signed_in": bool(user is not None and user.is_authenticated),
    }


@register.simple_tag(takes_context=True)
def site_header(context):
    return _render_part(context, "includes/header.html", header_inputs(context))


@register.simple_tag(takes_context=True)
def site_footer(context):
    return _render_part(context, "includes/footer.html", footer_inputs(context))


def _render_part(context, template_name, inputs):
    request = context.get("request")
    # The token the rest of the page uses (the csrf context processor's, masked once per
    # response): masking another costs as much as rendering the header from the memo. No
    # request (an email, a test rendering): no token, as with {% csrf_token %}.
    token = context.get("csrf_token") if request is not None else None
    token = str(token) if token is not None else "NOTPROVIDED"
    if settings.DEBUG or token == "NOTPROVIDED":
        return mark_safe(render_to_string(template_name, {**inputs, "csrf_token": token}))
    # URLs in the output depend on the URLconf and the script prefix too.
    key = (
        template_name,
        settings.ROOT_URLCONF,
        get_urlconf(),
        get_script_prefix(),
        *sorted(inputs.items()),
    )
    # Rendered by the template engine, escaped there; the token is letters and digits.
    return mark_safe(_memoised(key).replace(CSRF_PLACEHOLDER, token))


@functools.lru_cache(maxsize=MEMO_SIZE)
def _memoised(key):
    template_name, _, _, _, *items = key
    return render_to_string(template_name, {**dict(items), "csrf_token": CSRF_PLACEHOLDER})
