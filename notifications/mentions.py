"""@username mentions: who a Markdown text names, and links to them in rendered HTML.

A mention is ``@`` followed by a Django username (letters, digits and ``. @ + - _``) that
is not glued to a preceding word, so ``a@b.com`` is an address, not a mention. Text in code
spans and code blocks never mentions anyone. Trailing punctuation (``@alice.``) is dropped
when the name with it is not a user.
"""

import re
from html import escape

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.urls import reverse
from markdown_it import MarkdownIt

MENTION = re.compile(r"(?<![\w.@+\-&])@([\w.@+\-]+)")
TRAILING = ".@+-"
# Inside these elements text is never linked: code, preformatted text, existing links.
SKIPPED = {"a", "code", "pre"}
TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")
TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")

_parser = MarkdownIt("commonmark")


def _candidates(name):
    """The names ``@name`` may mean, longest first."""
    stripped = name.rstrip(TRAILING)
    return [name, stripped] if stripped and stripped != name else [name]


def _prose(markdown_text):
    """The text of ``markdown_text`` outside code, one string per run of plain text."""
    for token in _parser.parse(markdown_text or ""):
        if token.type != "inline":
            continue  # fences, indented code and raw HTML blocks have no inline children
        run = []
        for child in token.children or ():
            if child.type == "text":
                run.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                run.append("\n")
            else:
                if run:
                    yield "".join(run)
                run = []
        if run:
            yield "".join(run)


def mention_names(markdown_text):
    """Lower-cased names mentioned in ``markdown_text``, in text order, without the database.

    Each entry is a tuple of candidates (the name as written, then without trailing
    punctuation)."""
    seen, names = set(), []
    for text in _prose(markdown_text):
        for match in MENTION.finditer(text):
            candidates = tuple(c.lower() for c in _candidates(match.group(1)))
            if candidates not in seen:
                seen.add(candidates)
                names.append(candidates)
    return names


def users_named(names):
    """Active users for ``mention_names`` output, in the same order, in one query."""
    wanted = {candidate for candidates in names for candidate in candidates}
    if not wanted:
        return []
    User = get_user_model()
    by_name = {
        user.username_key: user
        for user in User.objects.annotate(username_key=Lower("username")).filter(
            username_key__in=wanted, is_active=True
        )
    }
    found, seen = [], set()
    for candidates in names:
        user = next((by_name[c] for c in candidates if c in by_name), None)
        if user is not None and user.pk not in seen:
            seen.add(user.pk)
            found.append(user)
    return found


def mentioned_users(markdown_text):
    """Active users named as @username in ``markdown_text`` outside code, in text order.

    One query, and none when the text mentions nobody."""
    return users_named(mention_names(markdown_text))


def link_mentions(html, users):
    """Turn each ``@username`` of ``users`` in sanitised ``html`` into a link to their profile.

    Only text between tags changes, never inside ``a``, ``code`` or ``pre``; unknown names
    are left as typed."""
    by_name = {user.username.lower(): user for user in users}
    if not by_name or "@" not in html:
        return html

    def link(match):
        name = match.group(1)
        for candidate in _candidates(name):
            user = by_name.get(candidate.lower())
            if user is not None:
                url = reverse("people:profile", args=[user.username])
                rest = name[len(candidate) :]
                return f'<a class="mention" href="{escape(url)}">@{escape(candidate)}</a>{rest}'
        return match.group(0)

    parts = TAG.split(html)
    skipping = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            found = TAG_NAME.match(part)
            if found and found.group(1).lower() in SKIPPED and not part.endswith("/>"):
                skipping += -1 if part.startswith("</") else 1
                skipping = max(skipping, 0)
        elif not skipping and "@" in part:
            parts[index] = MENTION.sub(link, part)
    return "".join(parts)
