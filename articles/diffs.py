"""Diffing and three-way merging of article bodies.

Pure functions over plain strings (no database, no Django), used by the
revision history ("what changed") and by the edit form when someone else
saved the article while you were editing ("merge their changes into yours").

Why not ``difflib.ndiff`` / ``difflib.HtmlDiff``: they compare every changed
line against every other with a character-level fuzzy matcher, which took
~25 s for 250 changed lines.  Here lines are matched once with a plain
``SequenceMatcher`` and a word-level pass only runs inside line pairs that
the line diff already paired up, under size limits, so cost stays near linear.
"""

from __future__ import annotations

import difflib
import html
import re
import time
from dataclasses import dataclass
from itertools import groupby

import merge3

# Word-level highlighting is a nicety.  Past these sizes it costs more than
# it helps, and the changed lines are shown whole (the row is still tinted).
MAX_WORD_DIFF_LINE = 5_000  # characters in either line of a pair
MAX_WORD_DIFF_BLOCK = 2_000  # old + new lines of one run of changed lines
# Token matching slows down sharply when tokens repeat a lot (a long CSV or
# table row: 1.5 s for one 5,000-character line), so cap the tokens compared
# per pair (~0.05 s worst case at the cap) and the time spent per diff.
# Ordinary prose stays far below both: 400 long paragraphs all copy-edited
# take 0.2 s.  Only pathological diffs ever reach the time limit.
MAX_WORD_DIFF_TOKENS = 1_500  # old + new tokens left after trimming
WORD_DIFF_SECONDS = 1.0  # per diff_rows() call

# A word or a punctuation character, each with the whitespace that follows
# it, or leading whitespace.  Keeping whitespace attached (instead of making
# " " a token of its own) makes prose ~30x faster to match, because the
# single most repeated token disappears.  "".join(tokens) == line always.
_TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split(text: str) -> list[str]:
    """Lines without their "\\n", ignoring one final newline.

    Not ``str.splitlines``: that also splits on form feeds, U+2028 and
    friends, which the merge (working on "\\n" only) treats as plain text.
    """
    text = _normalise(text)
    return text.removesuffix("\n").split("\n") if text else []


# --------------------------------------------------------------------------
# Three-way merge
# --------------------------------------------------------------------------


@dataclass
class MergeResult:
    # Merged text.  When ``conflicted`` it contains git-style conflict markers
    # ("<<<<<<< yours" / "=======" / ">>>>>>> theirs") for display only: the
    # caller must not save it but have the user resolve the conflict.
    text: str
    conflicted: bool
    conflicts: int  # number of conflicting regions


def three_way_merge(base: str, mine: str, theirs: str) -> MergeResult:
    """Merge the edits base->mine and base->theirs, line by line."""
    texts = [_normalise(t) for t in (base, mine, theirs)]
    # Every line gets a "\n" so a missing final newline on one side does not
    # make the last line differ (a spurious conflict).  The final newline is
    # merged on its own, as a one-bit three-way merge: mine wins if it
    # changed it, otherwise theirs.
    base_nl, mine_nl, theirs_nl = (t.endswith("\n") for t in texts)
    final_newline = mine_nl if mine_nl != base_nl else theirs_nl
    base_l, mine_l, theirs_l = ([line + "\n" for line in _split(t)] for t in texts)

    # merge3's default matcher is difflib's with autojunk on, which is what we
    # want here too (see _LineMatcher for why).
    m = merge3.Merge3(base_l, mine_l, theirs_l)
    out: list[str] = []
    conflicts = 0
    # reprocess: lines both sides changed identically inside a conflicting
    # region count as agreed, which leaves smaller conflicts.
    for region in m.reprocess_merge_regions(m.merge_regions()):
        what, start, end = region[0], region[1], region[2]
        if what == "unchanged":
            out += base_l[start:end]
        elif what in ("a", "same"):
            out += mine_l[start:end]
        elif what == "b":
            out += theirs_l[start:end]
        else:  # "conflict"
            conflicts += 1
            a1, a2, b1, b2 = region[3:7]
            out += ["<<<<<<< yours\n", *mine_l[a1:a2], "=======\n"]
            out += [*theirs_l[b1:b2], ">>>>>>> theirs\n"]

    text = "".join(out)
    if not conflicts and not final_newline:
        text = text.removesuffix("\n")
    return MergeResult(text=text, conflicted=conflicts > 0, conflicts=conflicts)


# --------------------------------------------------------------------------
# Two-way diff for display
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffRow:
    """One row of a side-by-side diff; the inline view renders it as 1-2 lines.

    kind:
        "equal"   same line on both sides
        "insert"  only the new side is set
        "delete"  only the old side is set
        "replace" a changed line, old and new paired; changed words are
                  wrapped in <del> (old_html) and <ins> (new_html)
        "skip"    ``skipped`` unchanged lines left out; old_no/new_no are the
                  numbers of the first hidden line (for an "expand" link)
    old_no/new_no: 1-based line numbers, None on a side without a line.
    old_html/new_html: HTML-escaped line text, safe to output as is.
    """

    kind: str
    old_no: int | None = None
    new_no: int | None = None
    old_html: str = ""
    new_html: str = ""
    skipped: int = 0


@dataclass(frozen=True)
class DiffStats:
    added: int
    removed: int


class _LineMatcher(difflib.SequenceMatcher):
    """Line matcher; its opcodes pair "replace" blocks line by line.

    autojunk stays ON (the stdlib default) on purpose.  With it off, a line
    repeated throughout a text (the blank line between Markdown paragraphs)
    is a match candidate at every occurrence and matching turns cubic: with
    every paragraph edited, 1,000 lines took 0.5 s and 4,000 lines 33 s.
    With it on, lines making up over 1% of a 200+ line text only match next
    to other matching lines, so in a rewritten stretch the blank lines land
    inside a "replace" block; pairing splits them back out as "equal".
    """

    def __init__(self, a: list[str], b: list[str]):
        super().__init__(None, a, b, autojunk=True)

    def get_opcodes(self) -> list[tuple[str, int, int, int, int]]:
        # get_grouped_opcodes() builds on this too, so context works unchanged.
        opcodes = []
        for tag, i1, i2, j1, j2 in super().get_opcodes():
            if tag != "replace":
                opcodes.append((tag, i1, i2, j1, j2))
                continue
            # Line k of the old block pairs with line k of the new one; runs
            # of identical pairs become "equal", the surplus on the longer
            # side a "delete" or "insert".
            paired = min(i2 - i1, j2 - j1)
            same = [self.a[i1 + k] == self.b[j1 + k] for k in range(paired)]
            k = 0
            for is_same, run in groupby(same):
                n = len(list(run))
                kind = "equal" if is_same else "replace"
                opcodes.append((kind, i1 + k, i1 + k + n, j1 + k, j1 + k + n))
                k += n
            if i2 - i1 > paired:
                opcodes.append(("delete", i1 + paired, i2, j2, j2))
            if j2 - j1 > paired:
                opcodes.append(("insert", i2, i2, j1 + paired, j2))
        return opcodes


def _mark(text: str, tag: str) -> str:
    """Escape ``text``, wrapped in <tag> unless tag or text is empty."""
    if not tag or not text:
        return html.escape(text)
    return f"<{tag}>{html.escape(text)}</{tag}>"


def _word_diff(old: list[str], new: list[str]) -> tuple[str, str]:
    """Escaped HTML for a changed line pair (as tokens), changes in <del>/<ins>."""
    # Match on the words alone, without their trailing whitespace: otherwise
    # appending " more" to a line would turn its last word "end" into "end ".
    keys_old = [t.rstrip() or t for t in old]
    keys_new = [t.rstrip() or t for t in new]
    matcher = difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    old_html, new_html = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            # Same words; mark only whitespace that differs ("a  b" -> "a b").
            for o, n, word in zip(old[i1:i2], new[j1:j2], keys_old[i1:i2], strict=True):
                old_html.append(html.escape(word) + _mark(o[len(word) :], "del" if o != n else ""))
                new_html.append(html.escape(word) + _mark(n[len(word) :], "ins" if o != n else ""))
            continue
        # Keep trailing whitespace outside the marks so they hug the words,
        # unless whitespace is all there is (a change of indentation).
        old_text, new_text = "".join(old[i1:i2]), "".join(new[j1:j2])
        old_words, new_words = old_text.rstrip(), new_text.rstrip()
        if not old_words and not new_words:
            old_html.append(_mark(old_text, "del"))
            new_html.append(_mark(new_text, "ins"))
        else:
            old_html.append(_mark(old_words, "del") + html.escape(old_text[len(old_words) :]))
            new_html.append(_mark(new_words, "ins") + html.escape(new_text[len(new_words) :]))
    # Adjacent marks (a changed space, then a changed word) read as one.
    return (
        "".join(old_html).replace("</del><del>", ""),
        "".join(new_html).replace("</ins><ins>", ""),
    )


def _common_ends(a: list[str], b: list[str]) -> tuple[int, int]:
    """Lengths of the common prefix and suffix.

    Trimmed before word matching: one edit in a long paragraph then leaves
    only a few tokens to match (and to count against the limits).
    """
    shortest = min(len(a), len(b))
    start = 0
    while start < shortest and a[start] == b[start]:
        start += 1
    end = 0
    while end < shortest - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return start, end


class _RowBuilder:
    def __init__(self, a: list[str], b: list[str]):
        self.a, self.b = a, b
        self.deadline = time.monotonic() + WORD_DIFF_SECONDS

    def pair(self, old: str, new: str, word_level: bool) -> tuple[str, str]:
        if word_level and max(len(old), len(new)) <= MAX_WORD_DIFF_LINE:
            a, b = _TOKEN.findall(old), _TOKEN.findall(new)
            start, end = _common_ends(a, b)
            size = len(a) + len(b) - 2 * (start + end)
            if size <= MAX_WORD_DIFF_TOKENS and time.monotonic() < self.deadline:
                old_mid, new_mid = _word_diff(a[start : len(a) - end], b[start : len(b) - end])
                head = html.escape("".join(a[:start]))
                tail = html.escape("".join(a[len(a) - end :]))
                return head + old_mid + tail, head + new_mid + tail
        return html.escape(old), html.escape(new)

    def rows(self, op: tuple[str, int, int, int, int]) -> list[DiffRow]:
        tag, i1, i2, j1, j2 = op
        a, b, esc = self.a, self.b, html.escape
        if tag == "equal":
            return [
                DiffRow("equal", i + 1, j1 + k + 1, esc(a[i]), esc(a[i]))
                for k, i in enumerate(range(i1, i2))
            ]
        if tag == "delete":
            return [DiffRow("delete", old_no=i + 1, old_html=esc(a[i])) for i in range(i1, i2)]
        if tag == "insert":
            return [DiffRow("insert", new_no=j + 1, new_html=esc(b[j])) for j in range(j1, j2)]
        word_level = 2 * (i2 - i1) <= MAX_WORD_DIFF_BLOCK  # _LineMatcher pairs: equal sizes
        return [
            DiffRow("replace", i + 1, j + 1, *self.pair(a[i], b[j], word_level))
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
        ]


def diff_rows(old: str, new: str, *, context: int | None = 3) -> list[DiffRow]:
    """Rows comparing ``old`` to ``new``.

    ``context`` unchanged lines are kept around each change and longer
    unchanged stretches collapse into "skip" rows; ``None`` shows every line.
    With a context, identical texts give no rows at all (the page says "no
    changes" rather than showing a lone skip row).
    """
    a, b = _split(old), _split(new)
    matcher, builder = _LineMatcher(a, b), _RowBuilder(a, b)
    if context is None:
        return [row for op in matcher.get_opcodes() for row in builder.rows(op)]
    if a == b:
        return []

    rows: list[DiffRow] = []
    shown = 0  # old lines before this index are shown or already skipped
    for group in matcher.get_grouped_opcodes(context):
        _, i1, _, j1, _ = group[0]
        if i1 > shown:  # hidden lines are equal, so both sides count the same
            rows.append(DiffRow("skip", shown + 1, j1 - (i1 - shown) + 1, skipped=i1 - shown))
        for op in group:
            rows += builder.rows(op)
        shown = group[-1][2]
    if shown < len(a):
        hidden = len(a) - shown
        rows.append(DiffRow("skip", shown + 1, len(b) - hidden + 1, skipped=hidden))
    return rows


def diff_stats(old: str, new: str) -> DiffStats:
    """Numbers of added and removed lines (a changed line counts as both)."""
    added = removed = 0
    for tag, i1, i2, j1, j2 in _LineMatcher(_split(old), _split(new)).get_opcodes():
        removed += i2 - i1 if tag != "equal" else 0
        added += j2 - j1 if tag != "equal" else 0
    return DiffStats(added=added, removed=removed)
