import os
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
import pytest
from playwright.sync_api import sync_playwright
from articles import services
from tests.articles.test_history import edit, url

FIND = """() => { const w = document.documentElement.clientWidth; const out = [];
for (const el of document.querySelectorAll('body *')) { const r = el.getBoundingClientRect(); if (r.right > w + 1) out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right)); }
return [document.documentElement.scrollWidth, w, out.slice(0, 8)]; }"""

@pytest.mark.django_db(transaction=True)
def test_shots(live_server, make_article, section, bob, alice):
    a = make_article("Deploy to production", body="# Deploy\n\nThe quick brown fox jumps over the lazy dog.\n\nStep one: build.\nStep two: ship.\n", parent=section)
    a = edit(a, "# Deploy\n\nThe quick red fox jumps over the lazy dog.\n\nStep one: build it.\nStep two: ship.\nStep three: celebrate.\n", author=bob, summary="Clarify the steps and fix the colour of the fox")
    ops = make_article("Operations")
    services.move_article(article=a, target=ops, position="last-child", author=bob)
    a.refresh_from_db()
    a = edit(a, a.body + "\nA long line " * 30 + "\n", author=alice, summary="")
    from django.test import Client
    c = Client(); c.force_login(bob)
    cookie = c.cookies["sessionid"].value
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for w, h, tag in [(1280, 900, "desk"), (390, 844, "phone")]:
            ctx = b.new_context(viewport={"width": w, "height": h})
            ctx.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
            page = ctx.new_page()
            for name, path in [("history", url("history", a)), ("diff", url("diff", a) + "?from=1&to=2"), ("inline", url("diff", a) + "?from=1&to=4&mode=inline"), ("revision", url("revision", a, 1)), ("revert", url("revert", a, 1)), ("bad", url("diff", a) + "?from=x")]:
                page.goto(live_server.url + path)
                print(tag, name, page.evaluate(FIND))
                page.screenshot(path=f"/tmp/lore_history_shots/{tag}-{name}.png", full_page=True)
            ctx.close()
        b.close()
