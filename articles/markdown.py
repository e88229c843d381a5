"""Markdown rendering for article bodies.

Pipeline: markdown-it-py parses (raw HTML disabled, so any HTML in the source
becomes text), our rules add wiki links, heading ids and autolinks to the token
stream, wiki-link targets are resolved in one batch, the tokens are rendered,
and nh3 sanitises the result against an explicit allowlist. The sanitiser is
the security boundary; everything before it merely tries not to produce
anything it would have to remove.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlencode

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml, unescapeAll
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_all_lexers, get_lexer_by_name
from pygments.token import STANDARD_TYPES
from pygments.util import ClassNotFound

__all__ = [
    "MAX_BODY_CHARS",
    "LinkTarget",
    "Rendered",
    "extract_wiki_links",
    "pygments_css",
    "render_markdown",
    "sanitize_html",
]

# Enforced by the article forms, not here: refusing to render would break the
# page of an over-long body that got in some other way.
MAX_BODY_CHARS = 500_000

MISSING_LINK_TITLE = "This article does not exist yet — create it"
CREATE_URL = "/wiki/_new/"

# Bounds the forward search for "]]" so a body made of "[[" stays linear.
_MAX_WIKILINK_CHARS = 512
# Pygments lexers are regex machines of varying quality; huge blocks are
# shown plain rather than risking a pathological one.
_MAX_HIGHLIGHT_CHARS = 100_000

_LIGHT_STYLE, _DARK_STYLE = "default", "github-dark"


@dataclass(frozen=True)
class LinkTarget:
    url: str
    exists: bool


@dataclass
class Rendered:
    html: str
    toc: list[dict] = field(default_factory=list)
    wiki_links: list[str] = field(default_factory=list)


# --- wiki links ---------------------------------------------------------


def _normalise_target(target: str) -> str:
    return " ".join(target.split()).strip("/").strip()


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if state.linkLevel > 0 or not src.startswith("[[", pos):
        return False
    end = src.find("]]", pos + 2, min(state.posMax, pos + 2 + _MAX_WIKILINK_CHARS))
    if end < 0:
        return False
    # Inside a GFM table the author has to write \| so the row isn't split.
    inner = src[pos + 2 : end].replace("\\|", "|")
    if "[" in inner or "]" in inner or "\n" in inner:
        return False
    raw_target, _, raw_label = inner.partition("|")
    target = _normalise_target(raw_target)
    if not target:
        return False
    if not silent:
        label = " ".join(raw_label.split()) or target.rsplit("/", 1)[-1].strip()
        token = state.push("link_open", "a", 1)
        token.markup = "wikilink"
        token.meta = {"wikilink": target}  # href is filled in after resolution
        state.push("text", "", 0).content = label
        state.push("link_close", "a", -1).markup = "wikilink"
    state.pos = end + 2
    return True


def _create_url(target: str) -> str:
    return f"{CREATE_URL}?{urlencode({'title': target})}"


# --- headings, table alignment, autolinks (core rules) ------------------


def _slugify(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"[\s-]+", "-", text).strip("-") or "section"


def _plain_text(inline: Token) -> str:
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline", "text_special"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _headings_and_tables(state: StateCore) -> None:
    taken: set[str] = set()
    suffix: dict[str, int] = {}  # next number per slug, so 10k equal headings stay linear
    toc = state.env.setdefault("toc", [])
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            text = _plain_text(tokens[i + 1])
            base = slug = _slugify(text)
            while slug in taken:
                suffix[base] = suffix.get(base, 0) + 1
                slug = f"{base}-{suffix[base]}"
            taken.add(slug)
            token.attrSet("id", slug)
            toc.append({"level": int(token.tag[1]), "id": slug, "text": text})
        elif token.type in ("th_open", "td_open") and "style" in token.attrs:
            # markdown-it aligns cells with style="text-align:x"; we allow no
            # style attribute anywhere, so express it as a class instead.
            align = str(token.attrs.pop("style")).rpartition(":")[2]
            token.attrSet("class", f"text-{align}")


# GFM-style extended autolinks. Our own rule rather than linkify-it: that one
# guesses bare domains (README.md and manage.py become links) and its inline
# rule rescans the whole pending text at every "://", which goes quadratic.
# Lookbehinds keep every regex start position O(1) unless a link starts there.
_AUTOLINK_RE = re.compile(
    r"(?<![\w/@.+-])(?:(?P<url>(?:https?://|www\.)[^\W_][^\s<>]*)"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+))"
)
_TRAILING_PUNCT = "?!.,:;*_~'\""


def _trim_url(url: str) -> str:
    opens, closes, end = url.count("("), url.count(")"), len(url)
    while end:
        ch = url[end - 1]
        if ch in _TRAILING_PUNCT:
            end -= 1
        elif ch == ")" and closes > opens:
            closes -= 1
            end -= 1
        else:
            break
    return url[:end]


def _linkify_text(md: MarkdownIt, token: Token) -> list[Token] | None:
    text, out, last = token.content, [], 0
    for match in _AUTOLINK_RE.finditer(text):
        label = match["email"] or _trim_url(match["url"])
        href = f"mailto:{label}" if match["email"] else label
        href = md.normalizeLink(href if "://" in href or match["email"] else f"http://{href}")
        if not md.validateLink(href):
            continue
        start = match.start()
        if start > last:
            out.append(Token("text", "", 0, content=text[last:start]))
        out.append(Token("link_open", "a", 1, attrs={"href": href}, markup="linkify", info="auto"))
        out.append(Token("text", "", 0, content=md.normalizeLinkText(label)))
        out.append(Token("link_close", "a", -1, markup="linkify", info="auto"))
        last = start + len(label)
    if not out:
        return None
    if last < len(text):
        out.append(Token("text", "", 0, content=text[last:]))
    return out


def _autolink(state: StateCore) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children, depth = [], 0
        for child in block.children:
            depth += child.type == "link_open"
            depth -= child.type == "link_close"
            replaced = (
                _linkify_text(state.md, child) if child.type == "text" and not depth else None
            )
            children.extend(replaced or [child])
        block.children = children


# --- code highlighting --------------------------------------------------

_FORMATTER = HtmlFormatter(nowrap=True)


@lru_cache(maxsize=256)
def _lexer_for(lang: str):
    try:
        return get_lexer_by_name(lang)
    except ClassNotFound:
        return None


def _render_fence(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    info = unescapeAll(token.info).split()
    lexer = _lexer_for(info[0].lower()) if info else None
    if lexer is None or len(token.content) > _MAX_HIGHLIGHT_CHARS:
        return f"<pre><code>{escapeHtml(token.content)}</code></pre>\n"
    body = highlight(token.content, lexer, _FORMATTER)
    return (
        f'<div class="highlight"><pre><code class="language-{lexer.aliases[0]}">'
        f"{body}</code></pre></div>\n"
    )


def pygments_css() -> str:
    """Stylesheet for highlighted code: light theme, dark one for dark mode."""

    def rules(style: str) -> str:
        fmt = HtmlFormatter(style=style)
        # Not get_style_defs(): it also emits unscoped `pre {...}` rules that
        # would restyle every <pre> on the site.
        return "\n".join(
            fmt.get_background_style_defs(".highlight") + fmt.get_token_style_defs(".highlight")
        )

    dark = rules(_DARK_STYLE).replace("\n", "\n  ")
    return f"{rules(_LIGHT_STYLE)}\n\n@media (prefers-color-scheme: dark) {{\n  {dark}\n}}\n"


# --- the parser (built once: construction costs far more than a render) --

_md = MarkdownIt("commonmark", {"html": False, "tasklists": True})
_md.enable(["table", "strikethrough"])
_md.use(footnote_plugin)
_md.inline.ruler.before("link", "wikilink", _wikilink_rule)
_md.core.ruler.push("lore_headings", _headings_and_tables)
_md.core.ruler.push("lore_autolink", _autolink)
_md.add_render_rule("fence", _render_fence)


def _walk(tokens: list[Token]) -> Iterator[Token]:
    # Only inline blocks: an image's children are its alt text, where a
    # wiki link is plain text and must not count as a link.
    for token in tokens:
        yield token
        if token.type == "inline" and token.children:
            yield from _walk(token.children)


def _wikilink_tokens(tokens: list[Token]) -> list[Token]:
    return [t for t in _walk(tokens) if t.type == "link_open" and t.meta.get("wikilink")]


def extract_wiki_links(text: str) -> list[str]:
    """Normalised wiki-link targets in document order, without duplicates."""
    links = _wikilink_tokens(_md.parse(text, {}))
    return list(dict.fromkeys(t.meta["wikilink"] for t in links))


def render_markdown(
    text: str,
    *,
    resolve_links: Callable[[list[str]], Mapping[str, LinkTarget]] | None = None,
) -> Rendered:
    """Render an article body to sanitised HTML.

    ``resolve_links`` is called at most once, with every distinct wiki-link
    target (and not at all when there are none); targets it leaves out are
    treated as missing articles.
    """
    env: dict = {}
    tokens = _md.parse(text, env)
    links = _wikilink_tokens(tokens)
    targets = list(dict.fromkeys(t.meta["wikilink"] for t in links))
    resolved = resolve_links(targets) if resolve_links and targets else {}
    for token in links:
        target = token.meta["wikilink"]
        dest = resolved.get(target) or LinkTarget(_create_url(target), exists=False)
        token.attrs = {"href": dest.url, "class": "wikilink"}
        if not dest.exists:
            token.attrs["class"] = "wikilink wikilink-missing"
            token.attrs["title"] = MISSING_LINK_TITLE
    html = _md.renderer.render(tokens, _md.options, env)
    return Rendered(html=sanitize_html(html), toc=env.get("toc", []), wiki_links=targets)


# --- sanitiser ----------------------------------------------------------

_HEADINGS = {f"h{n}" for n in range(1, 7)}
_PYGMENTS_CLASSES = (
    set(STANDARD_TYPES.values())
    | set(HtmlFormatter(style=_LIGHT_STYLE).class2style)
    | set(HtmlFormatter(style=_DARK_STYLE).class2style)
) - {""}
_LANGUAGE_CLASSES = {f"language-{aliases[0]}" for _, aliases, _, _ in get_all_lexers() if aliases}
_ALIGN_CLASSES = {"text-left", "text-center", "text-right"}

_TAGS = _HEADINGS | {
    "p", "br", "hr", "strong", "em", "b", "i", "del", "s", "sup", "sub", "kbd", "code",
    "pre", "span", "div", "blockquote", "ul", "ol", "li", "section", "a", "img", "input",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
# Removed together with their content (other unknown tags are just unwrapped),
# should HTML ever reach the sanitiser, e.g. from comments.
_CLEAN_CONTENT_TAGS = {
    "script", "style", "template", "iframe", "object", "embed", "noscript", "textarea",
    "title", "xmp", "noembed", "noframes", "svg", "math", "select",
}  # fmt: skip

_cleaner = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags=_CLEAN_CONTENT_TAGS,
    attributes={
        **{h: {"id"} for h in _HEADINGS},
        "a": {"href", "title", "id"},  # ids: footnote back-references
        "img": {"src", "alt", "title"},
        "li": {"id"},
        "ol": {"start"},
    },
    # Whatever an <input> claimed to be, it leaves as a disabled checkbox. The
    # values markdown-it already emits are allowed, so its markup passes
    # unchanged (the "set" attributes would come out in hash order).
    tag_attribute_values={
        "input": {"type": {"checkbox"}, "disabled": {"", "disabled"}, "checked": {"", "checked"}}
    },
    set_tag_attribute_values={"input": {"type": "checkbox", "disabled": ""}},
    allowed_classes={
        "a": {"wikilink", "wikilink-missing", "footnote-backref"},
        "span": _PYGMENTS_CLASSES,
        "div": {"highlight"},
        "code": _LANGUAGE_CLASSES,
        "ul": {"contains-task-list"},
        "ol": {"contains-task-list", "footnotes-list"},
        "li": {"task-list-item", "footnote-item"},
        "input": {"task-list-item-checkbox"},
        "sup": {"footnote-ref"},
        "hr": {"footnotes-sep"},
        "section": {"footnotes"},
        "th": _ALIGN_CLASSES,
        "td": _ALIGN_CLASSES,
    },
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow noopener noreferrer",
)


def sanitize_html(html: str) -> str:
    """Reduce arbitrary HTML to the allowlist above (also for comments)."""
    return _cleaner.clean(html)
