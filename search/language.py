"""The query language people type, parsed into a structure no database ever sees raw.

The same on both databases:

- words: all must match; stemmed (“deploying” finds “deploy”); very common English words
  (“the”, “and”: PostgreSQL's English stop words) are ignored;
- ``"quoted phrases"``; ``-word`` and ``-"a phrase"`` exclude;
- ``a OR b`` (upper-case OR) between two items: either will do;
- the last word also matches as a prefix when it has 3 letters or more (“kube” finds
  “kubernetes”), because people press Enter halfway through a word;
- ``tag:name`` (or ``tag:"two words"``) keeps articles with that tag, ``-tag:name`` leaves
  them out: filters, not words to match (``ParsedQuery.tags``/``excluded_tags``, as slugs).

Terms keep only word characters (``words``) plus, for PostgreSQL's parser, the chunk the user
typed with quotes and leading dashes removed (``text``): each backend writes its own query syntax
from these, quoting every term, so no input can be a syntax error or reach the database as syntax.
"""

import re
from dataclasses import dataclass, field, replace

from articles.models import tag_slug

# Longer input is cut (with a notice): a 10 KB paste is a mistake, not a search.
MAX_QUERY_CHARS = 200
MAX_TERMS = 16
MIN_PREFIX_CHARS = 3

# Letters and digits (any script); underscores and punctuation separate words, as in both
# full-text engines.
WORD = re.compile(r"[^\W_]+")
TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
TRIMMED = re.compile(r"[^\W_](?:.*[^\W_])?")
# A bare "tag:" (half typed) is dropped too, rather than searched for as the word "tag".
TAG_FILTER = re.compile(r'(?<!\S)(-?)tag:(?:"([^"]*)"|(\S*))', re.IGNORECASE)

# PostgreSQL's english.stop, so both databases ignore the same words.
_ENGLISH_STOP_WORDS = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against between
    into through during before after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most other some
    such no nor not only own same so than too very s t can will just don should now
"""
STOP_WORDS = frozenset(_ENGLISH_STOP_WORDS.split())


class Problem:
    """Why a query has nothing to search for (the results page explains each)."""

    EMPTY = "empty"
    NO_WORDS = "no_words"  # only punctuation, operators or emoji
    ONLY_STOP_WORDS = "only_stop_words"
    ONLY_EXCLUSIONS = "only_exclusions"
    ONLY_TAGS = "only_tags"  # tag: filters and nothing to look for


@dataclass(frozen=True)
class Term:
    """One word or phrase. ``words`` hold letters and digits only; more than one: a phrase."""

    words: tuple[str, ...]
    text: str  # what was typed, lower-cased, without double quotes or a leading "-"
    quoted: bool = False
    prefix: bool = False

    @property
    def is_phrase(self):
        return self.quoted or len(self.words) > 1

    def __str__(self):
        return f'"{self.text}"' if self.quoted else self.text


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # what was searched for, after truncation
    groups: tuple[tuple[Term, ...], ...] = ()  # every group must match, any term of a group
    excluded: tuple[Term, ...] = ()
    truncated: bool = False
    problem: str = ""
    ignored_words: tuple[str, ...] = field(default=())  # stop words left out
    tags: tuple[str, ...] = ()  # tag: filters, as tag slugs: every one must be on the article
    excluded_tags: tuple[str, ...] = ()  # -tag: filters

    @property
    def terms(self):
        return [term for group in self.groups for term in group]

    @property
    def prefix_term(self):
        return next((term for term in self.terms if term.prefix), None)

    @property
    def words_text(self):
        """What was typed without its ``tag:`` filters (to search again without them)."""
        return " ".join(TAG_FILTER.sub(" ", self.text).split())

    @property
    def normalised(self):
        """A canonical spelling: the same search typed differently is recorded once."""
        parts = [" OR ".join(str(term) for term in group) for group in self.groups]
        parts += [f"-{term}" for term in self.excluded]
        parts += [f"tag:{slug}" for slug in self.tags]
        parts += [f"-tag:{slug}" for slug in self.excluded_tags]
        return " ".join(parts)


def parse(raw, *, prefix_last=True):
    text = " ".join((raw or "").split())
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS].strip()
    if not text:
        return ParsedQuery(text="", truncated=truncated, problem=Problem.EMPTY)
    tags, excluded_tags = [], []
    for dash, quoted_tag, tag in TAG_FILTER.findall(text):
        slug = tag_slug(quoted_tag or tag)
        wanted = excluded_tags if dash else tags
        if slug and slug not in wanted:
            wanted.append(slug)
    searched = TAG_FILTER.sub(" ", text)
    if searched.count('"') % 2:
        # An unbalanced quote quotes nothing: drop the last one, keep its words.
        cut = searched.rindex('"')
        text_for_tokens = searched[:cut] + " " + searched[cut + 1 :]
    else:
        text_for_tokens = searched

    items, ignored = [], []
    for match in TOKEN.finditer(text_for_tokens):
        dash, phrase, chunk = match.groups()
        if chunk == "OR":
            items.append(None)
            continue
        if phrase is not None:
            negated, quoted, typed = bool(dash), True, phrase
        else:
            negated = chunk.startswith("-")
            quoted, typed = False, chunk.lstrip("-").replace('"', "")
        typed = typed.lower()
        words = tuple(WORD.findall(typed))
        if not words:
            continue
        if all(word in STOP_WORDS for word in words):
            ignored.extend(words)
            continue
        if not quoted:
            # "table--" is the word table; "example.com" stays whole for PostgreSQL's parser.
            typed = TRIMMED.search(typed).group()
        term = Term(words=words, text=" ".join(typed.split()), quoted=quoted)
        items.append(("-", term) if negated else ("+", term))

    groups, excluded = _grouped(items)
    if len(groups) + len(excluded) > MAX_TERMS:
        truncated = True
        groups = groups[:MAX_TERMS]
        excluded = excluded[: max(0, MAX_TERMS - len(groups))]
    if prefix_last and groups and items and items[-1] is not None and items[-1][0] == "+":
        groups[-1] = _with_prefix(groups[-1])

    problem = ""
    if not groups:
        if tags or excluded_tags:
            problem = Problem.ONLY_TAGS
        elif excluded:
            problem = Problem.ONLY_EXCLUSIONS
        elif ignored:
            problem = Problem.ONLY_STOP_WORDS
        else:
            problem = Problem.NO_WORDS
    return ParsedQuery(
        text=text,
        groups=tuple(groups),
        excluded=tuple(excluded),
        truncated=truncated,
        problem=problem,
        ignored_words=tuple(ignored),
        tags=tuple(tags[:MAX_TERMS]),
        excluded_tags=tuple(excluded_tags[:MAX_TERMS]),
    )


def _grouped(items):
    """``a OR b c -d`` → groups [(a, b), (c,)], excluded [d]. A dangling OR is ignored."""
    groups, excluded = [], []
    joining = False
    for item in items:
        if item is None:
            joining = bool(groups)
            continue
        sign, term = item
        if sign == "-":
            excluded.append(term)
            joining = False
        elif joining:
            if term not in groups[-1]:
                groups[-1] = groups[-1] + (term,)
            joining = False
        elif (term,) not in groups:
            groups.append((term,))
    return groups, excluded


def _with_prefix(group):
    """The last thing typed may be an unfinished word: let it match as a prefix too."""
    if len(group) != 1:
        return group
    term = group[0]
    if term.is_phrase or len(term.words[0]) < MIN_PREFIX_CHARS:
        return group
    return (replace(term, prefix=True),)


def title_words(raw, *, max_words=6):
    """The words of a search-as-you-type box (no operators): the last one is a prefix."""
    return WORD.findall((raw or "")[:MAX_QUERY_CHARS].lower())[:max_words]
