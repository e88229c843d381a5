"""Tests for articles.markdown: features, wiki links, sanitising, and speed on hostile input."""

import html
import re
import time
from html.parser import HTMLParser

import pytest

from articles.markdown import (
    MAX_BODY_CHARS,
    LinkTarget,
    Rendered,
    extract_wiki_links,
    pygments_css,
    render_markdown,
    sanitize_html,
)


def html_of(text: str, **kwargs) -> str:
    return render_markdown(text, **kwargs).html


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def tags_of(markup: str) -> list[tuple[str, dict]]:
    collector = _TagCollector()
    collector.feed(markup)
    collector.close()
    return collector.tags


# --- basic markdown ------------------------------------------------------


def test_the_body_limit_is_exported():
    assert MAX_BODY_CHARS == 500_000


def test_render_returns_html_toc_and_links():
    rendered = render_markdown("hello")
    assert isinstance(rendered, Rendered)
    assert rendered.html == "<p>hello</p>\n"
    assert rendered.toc == []
    assert rendered.wiki_links == []


def test_emphasis_and_lists_render():
    out = html_of("*a* **b**\n\n- one\n- two\n\n1. x\n")
    assert "<em>a</em> <strong>b</strong>" in out
    assert "<ul>\n<li>one</li>" in out
    assert "<ol>\n<li>x</li>" in out


def test_raw_html_in_the_source_is_shown_as_text():
    out = html_of("<b>bold</b>\n\n<div>block</div>")
    assert "&lt;b&gt;bold&lt;/b&gt;" in out
    assert "&lt;div&gt;block&lt;/div&gt;" in out
    assert "<b>" not in out


def test_tables_render_with_alignment_as_classes_not_styles():
    out = html_of("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n")
    assert "<table>" in out and '<th class="text-left">a</th>' in out
    assert '<td class="text-center">2</td>' in out
    assert '<td class="text-right">3</td>' in out
    assert "style=" not in out


def test_strikethrough_renders():
    assert "<s>gone</s>" in html_of("~~gone~~")


def test_task_lists_render_disabled_checkboxes():
    out = html_of("- [ ] todo\n- [x] done\n")
    assert '<ul class="contains-task-list">' in out
    assert '<li class="task-list-item"><input ' in out
    boxes = [attrs for tag, attrs in tags_of(out) if tag == "input"]
    base = {"class": "task-list-item-checkbox", "type": "checkbox", "disabled": ""}
    assert boxes == [base, {**base, "checked": ""}]
    assert "> todo</li>" in out and "> done</li>" in out


def test_urls_www_and_emails_are_autolinked():
    out = html_of("see https://example.com/a?b=1, www.example.org and ops@example.com.")
    assert '<a href="https://example.com/a?b=1" rel="nofollow noopener noreferrer">' in out
    assert (
        '<a href="http://www.example.org" rel="nofollow noopener noreferrer">www.example.org</a>'
        in out
    )
    assert (
        '<a href="mailto:ops@example.com" rel="nofollow noopener noreferrer">ops@example.com</a>.'
        in out
    )


def test_autolinks_leave_trailing_punctuation_and_unbalanced_parens_out():
    out = html_of("(see https://en.wikipedia.org/wiki/Foo_(bar)).")
    assert 'href="https://en.wikipedia.org/wiki/Foo_(bar)"' in out
    assert "</a>)." in out


def test_file_names_are_not_mistaken_for_domains():
    out = html_of("edit manage.py and README.md")
    assert "<a" not in out


def test_localhost_urls_are_autolinked():
    assert 'href="http://localhost:8000/admin/"' in html_of("open http://localhost:8000/admin/")


def test_urls_in_code_or_explicit_links_are_not_autolinked_again():
    assert "<a" not in html_of("`https://example.com`")
    out = html_of("[https://a.example](https://b.example)")
    assert out.count("<a ") == 1 and 'href="https://b.example"' in out


def test_footnotes_render():
    out = html_of("Claim[^1].\n\n[^1]: Source.\n")
    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1"' in out
    assert '<section class="footnotes">' in out
    assert '<li id="fn1" class="footnote-item">' in out


# --- headings and toc -----------------------------------------------------


def test_headings_get_slug_ids_and_a_toc_in_document_order():
    rendered = render_markdown("# Title\n\n## Install steps\n\ntext\n\n### Check `it` works!\n")
    assert '<h2 id="install-steps">Install steps</h2>' in rendered.html
    assert rendered.toc == [
        {"level": 1, "id": "title", "text": "Title"},
        {"level": 2, "id": "install-steps", "text": "Install steps"},
        {"level": 3, "id": "check-it-works", "text": "Check it works!"},
    ]


def test_duplicate_headings_get_unique_ids():
    rendered = render_markdown("# Intro\n## Intro\n## Intro\n## Intro 1\n")
    assert [h["id"] for h in rendered.toc] == ["intro", "intro-1", "intro-2", "intro-1-1"]


def test_unicode_headings_keep_their_letters():
    rendered = render_markdown("## Überblick — Straße\n## 日本語の見出し\n## Привет мир\n")
    assert [h["id"] for h in rendered.toc] == ["überblick-straße", "日本語の見出し", "привет-мир"]
    assert '<h2 id="überblick-straße">' in rendered.html


def test_headings_without_word_characters_still_get_an_id():
    assert render_markdown("## !!!\n## ???\n").toc[1]["id"] == "section-1"


def test_setext_headings_are_in_the_toc():
    assert render_markdown("Title\n=====\n").toc == [{"level": 1, "id": "title", "text": "Title"}]


# --- code -------------------------------------------------------------------


def test_fenced_code_is_highlighted_with_css_classes():
    out = html_of('```python\ndef f():\n    return "<b>"\n```\n')
    assert '<div class="highlight"><pre><code class="language-python">' in out
    assert '<span class="k">def</span>' in out
    assert "&lt;b&gt;" in out
    assert "style=" not in out


def test_unknown_language_is_escaped_plain_code():
    out = html_of("```nosuchlang\n<script>alert(1)</script>\n```\n")
    assert out == "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n"


def test_fence_without_language_is_plain_code():
    assert html_of("```\na < b\n```\n") == "<pre><code>a &lt; b\n</code></pre>\n"


def test_indented_code_is_plain_code():
    assert html_of("    x = 1\n") == "<pre><code>x = 1\n</code></pre>\n"


def test_pygments_css_has_a_light_and_a_scoped_dark_theme():
    css = pygments_css()
    light, _, dark = css.partition("@media (prefers-color-scheme: dark) {")
    assert ".highlight .k {" in light
    assert ".highlight .k {" in dark
    assert not re.search(r"^\s*pre\s*\{", css, re.M)  # nothing leaks outside .highlight


# --- wiki links ---------------------------------------------------------------


def test_wiki_link_by_title():
    rendered = render_markdown("See [[Deploy Guide]].")
    assert rendered.wiki_links == ["Deploy Guide"]
    assert ">Deploy Guide</a>." in rendered.html


def test_wiki_link_by_path_shows_the_last_segment():
    rendered = render_markdown("[[ops/runbooks/restart-db]]")
    assert rendered.wiki_links == ["ops/runbooks/restart-db"]
    assert ">restart-db</a>" in rendered.html


def test_wiki_link_with_a_label():
    rendered = render_markdown(
        "[[ops/runbooks/restart-db|how to restart]] and [[Deploy Guide|deploying]]"
    )
    assert rendered.wiki_links == ["ops/runbooks/restart-db", "Deploy Guide"]
    assert ">how to restart</a>" in rendered.html
    assert ">deploying</a>" in rendered.html


def test_wiki_link_targets_are_normalised():
    links = extract_wiki_links("[[  /ops/ run   books/ ]] [[ Deploy \t Guide |x]]")
    assert links == ["ops/ run books", "Deploy Guide"]


def test_missing_wiki_links_offer_to_create_the_article():
    out = html_of("[[ops/New Page]]")
    assert (
        '<a href="/wiki/_new/?title=ops%2FNew+Page" class="wikilink wikilink-missing" '
        'title="This article does not exist yet — create it"'
    ) in out


def test_resolver_is_called_once_with_all_distinct_targets():
    calls = []

    def resolve(targets):
        calls.append(list(targets))
        return {"A": LinkTarget("/wiki/a/", True), "b/c": LinkTarget("/wiki/b/c/", True)}

    rendered = render_markdown(
        "[[A]] [[b/c|see]] [[Nope]]\n\n# [[A]]\n\n- [[ b/c ]]", resolve_links=resolve
    )
    assert calls == [["A", "b/c", "Nope"]]
    assert rendered.wiki_links == ["A", "b/c", "Nope"]
    assert (
        '<a href="/wiki/a/" class="wikilink" rel="nofollow noopener noreferrer">A</a>'
        in rendered.html
    )
    assert (
        '<a href="/wiki/b/c/" class="wikilink" rel="nofollow noopener noreferrer">see</a>'
        in rendered.html
    )
    assert 'href="/wiki/_new/?title=Nope" class="wikilink wikilink-missing"' in rendered.html


def test_resolver_may_report_an_existing_target_as_missing():
    out = html_of("[[X]]", resolve_links=lambda t: {"X": LinkTarget("/wiki/_new/?title=X", False)})
    assert 'class="wikilink wikilink-missing"' in out


def test_resolver_is_not_called_without_wiki_links():
    def resolve(targets):
        raise AssertionError("no query needed")

    assert render_markdown("# Plain [link](/x)", resolve_links=resolve).wiki_links == []


def test_resolver_urls_still_pass_the_sanitiser():
    out = html_of("[[X]]", resolve_links=lambda t: {"X": LinkTarget("javascript:alert(1)", True)})
    assert "javascript:" not in out


def test_wiki_links_in_code_are_not_links():
    rendered = render_markdown("`[[Inline]]`\n\n```\n[[Fenced]]\n```\n\n    [[Indented]]\n")
    assert rendered.wiki_links == []
    assert "<a" not in rendered.html
    assert "<code>[[Inline]]</code>" in rendered.html


def test_unclosed_or_empty_wiki_links_are_plain_text():
    rendered = render_markdown("[[open and never closed\n\n[[ ]] [[/]] [[|label]]")
    assert rendered.wiki_links == []
    assert "[[open and never closed" in rendered.html
    assert "<a" not in rendered.html


def test_wiki_link_in_a_table_cell_uses_an_escaped_pipe():
    rendered = render_markdown("| a |\n|---|\n| [[Deploy Guide\\|deploy]] |\n")
    assert rendered.wiki_links == ["Deploy Guide"]
    assert ">deploy</a></td>" in rendered.html


def test_wiki_link_label_is_escaped():
    out = html_of("[[x|<img src=x onerror=alert(1)>]]")
    assert ">&lt;img src=x onerror=alert(1)&gt;</a>" in out


def test_extract_wiki_links_agrees_with_render():
    text = "[[B]] [[A|x]] [[B]] `[[C]]` [[d/e/]]"
    assert extract_wiki_links(text) == render_markdown(text).wiki_links == ["B", "A", "d/e"]


# --- sanitiser ------------------------------------------------------------------


def test_sanitiser_keeps_only_known_classes():
    assert sanitize_html('<span class="k evil">x</span>') == '<span class="k">x</span>'
    assert sanitize_html('<p class="x" style="color:red">x</p>') == "<p>x</p>"


def test_sanitiser_turns_every_input_into_a_disabled_checkbox():
    for markup in ('<input type="text" name="q" value="x">', "<input>", "<input type=checkbox>"):
        assert tags_of(sanitize_html(markup)) == [("input", {"type": "checkbox", "disabled": ""})]


def test_wiki_links_in_image_alt_text_are_not_links():
    rendered = render_markdown("![see [[Other]]](/img.png)")
    assert rendered.wiki_links == []
    assert 'alt="see Other"' in rendered.html


def test_a_wiki_link_inside_a_link_label_wins_like_any_nested_link():
    rendered = render_markdown("[see [[Other]]](https://example.com)")
    assert rendered.wiki_links == ["Other"]
    assert rendered.html.count("<a ") == 2  # the wiki link, and the bare URL autolinked


def test_sanitiser_adds_rel_to_links_and_keeps_relative_urls():
    assert sanitize_html('<a href="/wiki/x" rel="opener" target="_blank">x</a>') == (
        '<a href="/wiki/x" rel="nofollow noopener noreferrer">x</a>'
    )
    assert 'href="#top"' in sanitize_html('<a href="#top">x</a>')


def test_sanitiser_drops_script_and_style_with_their_content():
    assert sanitize_html("<script>alert(1)</script><style>*{}</style>ok") == "ok"


# --- XSS corpus -------------------------------------------------------------------

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://x/x.js></SCRIPT>",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)"/>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<form action=javascript:alert(1)><button>go</button></form>",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="javascript:alert(1)">x</a>',
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<div\nonclick=alert(1)>x</div>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&#58;alert(1))",
    "[x](java\tscript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](javascript&colon;alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](DATA:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    '![x"onerror="alert(1)](http://a/b.png)',
    '[x](http://a "\\" onmouseover=alert(1)")',
    "[x](http://a 'x\" onmouseover=alert(1)')",
    '[x](http://a"onmouseover="alert(1))',
    "[ref]\n\n[ref]: javascript:alert(1)",
    "[ref]\n\n[ref]: http://a 'x\" onclick=\"alert(1)'",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "[[javascript:alert(1)]]",
    "[[x|<script>alert(1)</script>]]",
    '[[x" onmouseover="alert(1)]]',
    "```html\n<script>alert(1)</script>\n```",
    '```"><script>alert(1)</script>\nx\n```',
    '```python" onmouseover="alert(1)\nx\n```',
    "`<script>alert(1)</script>`",
    "# <img src=x onerror=alert(1)>",
    "| <script>alert(1)</script> |\n|---|\n| <img src=x onerror=alert(1)> |",
    "- [x] <svg onload=alert(1)>",
    "[^1]\n\n[^1]: <script>alert(1)</script>",
    "javascript:alert(1)//https://x.example",
    "http://x.example/<script>alert(1)</script>",
    'www.x.example/"onmouseover=alert(1)',
    "<a href='&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)'>x</a>",
]

_BAD_SCHEME = re.compile(r"^(javascript|data|vbscript):")
_ALLOWED_TAGS = {
    *(f"h{n}" for n in range(1, 7)),
    "p", "br", "hr", "strong", "em", "b", "i", "del", "s", "sup", "sub", "kbd", "code",
    "pre", "span", "div", "blockquote", "ul", "ol", "li", "section", "a", "img", "input",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip


def assert_safe(markup: str) -> None:
    lowered = markup.lower()
    for needle in ("<script", "<iframe", "<style", "<form", "<object", "<embed", "<svg", "<math"):
        assert needle not in lowered, needle
    # Attribute values are always double-quoted by the serialiser; a value that
    # merely *mentions* " onmouseover=" (escaped, harmless) must not count.
    unquoted = re.sub(r'="[^"]*"', '=""', markup)
    assert not re.search(r"<[^>]*\son\w+\s*=", unquoted)
    for tag, attrs in tags_of(markup):
        assert tag in _ALLOWED_TAGS, tag
        assert "style" not in attrs
        assert not any(name.startswith("on") for name in attrs), attrs
        if tag == "input":
            assert attrs.get("type") == "checkbox" and "disabled" in attrs
        for name in ("href", "src"):
            # What a browser would see: entities decoded, control chars and spaces ignored.
            url = re.sub(r"[\x00-\x20]", "", html.unescape(attrs.get(name) or "")).lower()
            assert not _BAD_SCHEME.match(url), (tag, attrs)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_markdown_renders_harmlessly(payload):
    assert_safe(html_of(payload))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_html_is_sanitised_when_given_to_the_sanitiser_directly(payload):
    assert_safe(sanitize_html(payload))


def test_the_corpus_is_big_enough():
    assert len(XSS_PAYLOADS) >= 40


def test_a_script_tag_is_rendered_as_text():
    assert html_of("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"


def test_link_title_attributes_cannot_break_out():
    out = html_of('[x](http://a "\\" onmouseover=alert(1)")')
    assert out == (
        '<p><a href="http://a" title="&quot; onmouseover=alert(1)" '
        'rel="nofollow noopener noreferrer">x</a></p>\n'
    )


# --- pathological input ------------------------------------------------------------

# Generous: these take well under a second or two here; the bound only catches
# a regression to quadratic (or worse) behaviour, not a noisy machine.
TIME_LIMIT = 10.0


def _ordinary_document(size: int) -> str:
    section = (
        "## Section {n}\n\n"
        "Some *emphasis*, **strong** text, `code`, a [link](https://example.com/{n}) and "
        "[[Wiki Page {n}|a wiki link]]. Visit www.example.org or mail ops@example.com.\n\n"
        "- item one\n- [ ] a task\n- [x] done task\n\n"
        "| col | val |\n|-----|----:|\n| a | {n} |\n\n"
        "```python\ndef f{n}(x):\n    return x * {n}\n```\n\n"
        "> quoted ~~text~~ with a footnote[^{n}]\n\n[^{n}]: note {n}\n\n"
    )
    parts, total, n = [], 0, 0
    while total < size:
        parts.append(section.format(n=n))
        total += len(parts[-1])
        n += 1
    return "".join(parts)[:size]


PATHOLOGICAL = {
    "50k open brackets": "[" * 50_000,
    "50k double brackets": "[[" * 25_000,
    "50k image brackets": "![" * 25_000,
    "50k stars": "*" * 50_000,
    "50k alternating stars": "*a" * 25_000,
    "50k underscores": "_" * 50_000,
    "50k tildes": "~" * 50_000,
    "10k nested blockquotes": ">" * 10_000 + " deep",
    "10k nested blockquote lines": "".join(">" * i + " x\n" for i in range(0, 10_000, 100)),
    "10k nested list markers": "- " * 10_000 + "x",
    "10k nested ordered markers": "1. " * 10_000 + "x",
    "100k backticks": "`" * 100_000,
    "backtick runs": "".join("`" * i + "x" for i in range(1, 400)),
    "many colons": "a:" * 100_000,
    "many schemes": "http://a" * 25_000,
    "many www": "www." * 50_000,
    "many at signs": "a.b@" * 50_000,
    "long word": "a" * 200_000 + "@",
    "many link openers": "[x](" * 25_000,
    "many footnote refs": "[^" * 25_000,
    "many entities": "&#" * 50_000,
    "many less-than": "<a " * 30_000,
    "many unclosed wiki links": "[[a " * 25_000,
    "many wiki links": "[[Page]] " * 20_000,
    "many identical headings": "# Same\n" * 10_000,
    "wide table": "\n".join("|".join(c * 5000) for c in "a-b"),
    "highlighted 90 KB code block": "```python\n" + "x = [1, 2, 3]  # comment\n" * 3_600 + "```\n",
    "big code block": "```python\n" + "x = [1, 2, 3]  # comment\n" * 20_000 + "```\n",
    "500 KB ordinary document": _ordinary_document(500_000),
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_input_renders_quickly(text):
    start = time.perf_counter()
    rendered = render_markdown(text, resolve_links=lambda targets: {})
    elapsed = time.perf_counter() - start
    assert isinstance(rendered.html, str)
    assert elapsed < TIME_LIMIT, f"took {elapsed:.1f}s"


def test_a_500_kb_document_renders_all_its_parts():
    text = _ordinary_document(MAX_BODY_CHARS)
    rendered = render_markdown(text)
    assert len(text) == MAX_BODY_CHARS
    assert len(rendered.toc) > 1000
    assert rendered.html.count('class="highlight"') > 1000
    assert rendered.wiki_links[:2] == ["Wiki Page 0", "Wiki Page 1"]
