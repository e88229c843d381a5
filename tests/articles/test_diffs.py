"""Tests for articles.diffs: three-way merge, display diffs, the diff table include.

Plain pytest, no database.
"""

import os
import random
import time
from pathlib import Path

import pytest

from articles import diffs
from articles.diffs import DiffRow, DiffStats, diff_rows, diff_stats, three_way_merge

BASE = "title\n\nintro line\nmiddle line\nclosing line\n"


def changed(rows: list[DiffRow]) -> list[DiffRow]:
    return [r for r in rows if r.kind not in ("equal", "skip")]


# --------------------------------------------------------------------------
# three_way_merge
# --------------------------------------------------------------------------


def test_edits_to_different_lines_merge_cleanly():
    mine = BASE.replace("intro line", "intro line, edited by me")
    theirs = BASE.replace("closing line", "closing line, edited by them")

    result = three_way_merge(BASE, mine, theirs)

    assert not result.conflicted
    assert result.conflicts == 0
    assert result.text == (
        "title\n\nintro line, edited by me\nmiddle line\nclosing line, edited by them\n"
    )


def test_an_insertion_and_a_distant_edit_merge_cleanly():
    mine = BASE.replace("title\n", "title\nnew first paragraph\n")
    theirs = BASE.replace("closing line", "CLOSING")

    result = three_way_merge(BASE, mine, theirs)

    assert result.text == "title\nnew first paragraph\n\nintro line\nmiddle line\nCLOSING\n"
    assert not result.conflicted


def test_different_edits_to_the_same_line_conflict_with_markers():
    mine = BASE.replace("middle line", "my middle")
    theirs = BASE.replace("middle line", "their middle")

    result = three_way_merge(BASE, mine, theirs)

    assert result.conflicted
    assert result.conflicts == 1
    assert result.text == (
        "title\n\nintro line\n"
        "<<<<<<< yours\nmy middle\n=======\ntheir middle\n>>>>>>> theirs\n"
        "closing line\n"
    )


def test_each_separate_conflicting_region_is_counted():
    mine = BASE.replace("title", "my title").replace("closing line", "my closing")
    theirs = BASE.replace("title", "their title").replace("closing line", "their closing")

    result = three_way_merge(BASE, mine, theirs)

    assert result.conflicted
    assert result.conflicts == 2
    assert result.text.count("<<<<<<< yours\n") == 2


def test_identical_edits_on_both_sides_are_not_a_conflict():
    edited = BASE.replace("middle line", "the same fix")

    result = three_way_merge(BASE, edited, edited)

    assert not result.conflicted
    assert result.text == edited


def test_identical_lines_inside_a_conflict_are_not_shown_as_conflicting():
    mine = BASE.replace("intro line\nmiddle line", "shared fix\nmy middle")
    theirs = BASE.replace("intro line\nmiddle line", "shared fix\ntheir middle")

    result = three_way_merge(BASE, mine, theirs)

    assert result.conflicts == 1
    assert "shared fix\n<<<<<<< yours\nmy middle\n=======\ntheir middle\n" in result.text


@pytest.mark.parametrize("side", ["mine", "theirs"])
def test_when_one_side_is_unchanged_the_other_sides_edit_wins(side):
    edited = BASE.replace("intro line", "rewritten intro").replace("closing line\n", "")
    mine, theirs = (edited, BASE) if side == "mine" else (BASE, edited)

    result = three_way_merge(BASE, mine, theirs)

    assert result == diffs.MergeResult(text=edited, conflicted=False, conflicts=0)


def test_crlf_input_merges_with_lf_input_and_comes_out_as_lf():
    base = BASE.replace("\n", "\r\n")
    mine = BASE.replace("intro line", "my intro")  # LF, as a browser textarea may send
    theirs = base.replace("closing line", "their closing")  # CRLF

    result = three_way_merge(base, mine, theirs)

    assert not result.conflicted
    assert "\r" not in result.text
    assert result.text == "title\n\nmy intro\nmiddle line\ntheir closing\n"


def test_a_missing_final_newline_does_not_cause_a_conflict():
    base = "one\ntwo\nthree"
    mine = "ONE\ntwo\nthree\n"  # edited the first line, and the editor added a newline
    theirs = "one\ntwo\nthree"

    result = three_way_merge(base, mine, theirs)

    assert not result.conflicted
    assert result.text == "ONE\ntwo\nthree\n"


def test_edits_next_to_a_missing_final_newline_merge_cleanly():
    base = "one\ntwo\nthree"
    mine = "ONE\ntwo\nthree"
    theirs = "one\ntwo\nTHREE"

    result = three_way_merge(base, mine, theirs)

    assert result == diffs.MergeResult(text="ONE\ntwo\nTHREE", conflicted=False, conflicts=0)


def test_removing_the_final_newline_on_one_side_is_kept():
    result = three_way_merge("a\nb\n", "a\nb", "A\nb\n")

    assert result.text == "A\nb"
    assert not result.conflicted


def test_empty_base_with_only_one_side_adding_text_merges_cleanly():
    result = three_way_merge("", "", "brand new article\n")

    assert result.text == "brand new article\n"
    assert not result.conflicted


def test_empty_base_with_both_sides_adding_different_text_conflicts():
    result = three_way_merge("", "mine\n", "theirs\n")

    assert result.conflicted
    assert result.conflicts == 1
    assert result.text == "<<<<<<< yours\nmine\n=======\ntheirs\n>>>>>>> theirs\n"


def test_empty_base_with_both_sides_adding_the_same_text_merges_cleanly():
    result = three_way_merge("", "same\n", "same\n")

    assert result == diffs.MergeResult(text="same\n", conflicted=False, conflicts=0)


def test_merging_three_empty_texts_gives_an_empty_text():
    assert three_way_merge("", "", "") == diffs.MergeResult(text="", conflicted=False, conflicts=0)


# --------------------------------------------------------------------------
# diff_rows / diff_stats
# --------------------------------------------------------------------------


def test_equal_texts_give_no_rows_with_limited_context():
    assert diff_rows(BASE, BASE) == []
    assert diff_rows("", "") == []


def test_equal_texts_give_only_equal_rows_with_full_context():
    rows = diff_rows(BASE, BASE, context=None)

    assert [r.kind for r in rows] == ["equal"] * 5
    assert [(r.old_no, r.new_no) for r in rows] == [(n, n) for n in range(1, 6)]


def test_crlf_and_lf_versions_of_a_text_are_equal():
    assert diff_rows(BASE, BASE.replace("\n", "\r\n")) == []
    assert diff_stats(BASE, BASE.replace("\n", "\r\n")) == DiffStats(added=0, removed=0)


def test_an_inserted_line_is_an_insert_row_with_only_a_new_line_number():
    new = BASE.replace("middle line\n", "middle line\ninserted <b>line</b>\n")

    rows = diff_rows(BASE, new, context=None)

    assert changed(rows) == [
        DiffRow("insert", old_no=None, new_no=5, new_html="inserted &lt;b&gt;line&lt;/b&gt;")
    ]
    # Lines after the insertion are numbered one further on the new side.
    assert (rows[-1].old_no, rows[-1].new_no) == (5, 6)


def test_a_deleted_line_is_a_delete_row_with_only_an_old_line_number():
    new = BASE.replace("intro line\n", "")

    rows = diff_rows(BASE, new, context=None)

    assert changed(rows) == [DiffRow("delete", old_no=3, new_no=None, old_html="intro line")]
    assert (rows[-1].old_no, rows[-1].new_no) == (5, 4)


def test_a_changed_line_is_a_replace_row_with_changed_words_marked():
    old = "The quick brown fox jumps.\n"
    new = "The slow brown cat jumps.\n"

    (row,) = diff_rows(old, new)

    assert row.kind == "replace"
    assert (row.old_no, row.new_no) == (1, 1)
    assert row.old_html == "The <del>quick</del> brown <del>fox</del> jumps."
    assert row.new_html == "The <ins>slow</ins> brown <ins>cat</ins> jumps."


def test_a_whitespace_only_change_marks_the_whitespace():
    (row,) = diff_rows("a  b\n", "a b\n")

    assert row.old_html == "a<del>  </del>b"
    assert row.new_html == "a<ins> </ins>b"


def test_a_changed_block_with_more_new_lines_pairs_lines_then_inserts_the_rest():
    old = "keep\nold one\nold two\nkeep too\n"
    new = "keep\nnew one\nnew two\nnew three\nkeep too\n"

    rows = diff_rows(old, new)

    assert [(r.kind, r.old_no, r.new_no) for r in rows] == [
        ("equal", 1, 1),
        ("replace", 2, 2),
        ("replace", 3, 3),
        ("insert", None, 4),
        ("equal", 4, 5),
    ]
    assert rows[3].new_html == "new three"


def test_a_changed_block_with_fewer_new_lines_pairs_lines_then_deletes_the_rest():
    rows = diff_rows("a\nold one\nold two\nz\n", "a\nnew one\nz\n")

    assert [(r.kind, r.old_no, r.new_no) for r in rows] == [
        ("equal", 1, 1),
        ("replace", 2, 2),
        ("delete", 3, None),
        ("equal", 4, 3),
    ]


def test_script_tags_are_escaped_in_every_kind_of_row():
    old = "<script>alert(1)</script>\nkept <img src=x onerror=alert(2)>\ngone <i>\n"
    new = "<script>alert(3)</script>\nkept <img src=x onerror=alert(2)>\nadded <script>\n"

    rows = diff_rows(old, new, context=None)

    html = "".join(r.old_html + r.new_html for r in rows)
    assert "<script" not in html and "<img" not in html and "<i>" not in html
    assert rows[0].old_html == "&lt;script&gt;alert(<del>1</del>)&lt;/script&gt;"
    assert rows[1].kind == "equal"
    assert rows[1].new_html == "kept &lt;img src=x onerror=alert(2)&gt;"
    assert rows[2].new_html == "<ins>added</ins> &lt;<ins>script</ins>&gt;"


def test_quotes_are_escaped_for_use_inside_attributes_too():
    (row,) = diff_rows('say "hi"\n', "say 'hi'\n")

    assert '"' not in row.old_html and "'" not in row.new_html


def test_long_unchanged_stretches_collapse_into_skip_rows_with_correct_counts():
    old = "".join(f"line {n}\n" for n in range(1, 51))
    new = old.replace("line 20\n", "line twenty\n").replace("line 40\n", "")

    rows = diff_rows(old, new, context=3)

    assert [(r.kind, r.old_no, r.new_no, r.skipped) for r in rows if r.kind == "skip"] == [
        ("skip", 1, 1, 16),  # lines 1-16 hidden, 17-19 shown as context
        ("skip", 24, 24, 13),  # 24-36 hidden (same numbers: line 20 was replaced)
        ("skip", 44, 43, 7),  # 44-50 hidden; new side is one behind after the delete
    ]
    shown = [r.old_no for r in rows if r.kind != "skip"]
    assert shown == [*range(17, 24), *range(37, 44)]
    # Every old line is either shown or counted in a skip row.
    assert len(shown) + sum(r.skipped for r in rows) == 50


def test_changes_closer_than_twice_the_context_share_one_group():
    old = "".join(f"line {n}\n" for n in range(1, 21))
    new = old.replace("line 5\n", "five\n").replace("line 10\n", "ten\n")

    rows = diff_rows(old, new, context=3)

    assert [r.kind for r in rows].count("skip") == 2  # before line 2 and after line 13
    assert rows[0].skipped == 1 and rows[-1].skipped == 7


def test_zero_context_shows_only_changed_lines():
    old = "a\nb\nc\nd\ne\n"
    rows = diff_rows(old, old.replace("c", "C"), context=0)

    assert [(r.kind, r.skipped) for r in rows] == [("skip", 2), ("replace", 0), ("skip", 2)]


def test_no_context_limit_shows_every_line_and_no_skip_rows():
    old = "".join(f"line {n}\n" for n in range(1, 101))
    rows = diff_rows(old, old.replace("line 50\n", "fifty\n"), context=None)

    assert len(rows) == 100
    assert "skip" not in {r.kind for r in rows}


def test_diffing_from_or_to_an_empty_text():
    assert [(r.kind, r.new_no) for r in diff_rows("", "a\nb\n")] == [
        ("insert", 1),
        ("insert", 2),
    ]
    assert [(r.kind, r.old_no) for r in diff_rows("a\nb", "")] == [("delete", 1), ("delete", 2)]


def test_blank_lines_in_a_rewritten_long_text_show_as_unchanged():
    # 200+ lines: long enough for the matcher to stop anchoring on blank lines
    # (autojunk), so the rewrite comes back as one block that gets split again.
    old = "".join(f"paragraph {n}\n\n" for n in range(150))
    new = "".join(f"rewritten paragraph {n}\n\n" for n in range(150))

    rows = diff_rows(old, new, context=None)

    assert len(rows) == 300
    assert {r.kind for r in rows[1::2]} == {"equal"}
    assert {r.kind for r in rows[0::2]} == {"replace"}
    assert rows[0].new_html == "<ins>rewritten</ins> paragraph 0"
    assert diff_stats(old, new) == DiffStats(added=150, removed=150)


def test_very_long_lines_are_marked_as_a_whole_without_word_diff():
    old = "word " * 2000 + "end\n"  # over MAX_WORD_DIFF_LINE characters
    new = "word " * 2000 + "END\n"

    (row,) = diff_rows(old, new)

    assert row.kind == "replace"
    assert "<del>" not in row.old_html and "<ins>" not in row.new_html
    assert row.new_html.endswith("END")


def test_lines_with_too_many_changed_tokens_are_marked_as_a_whole():
    digits = [str(n % 10) for n in range(1000)]  # ~2,000 tokens, both ends differ
    old = ",".join(digits)
    new = ",".join(["x", *digits[1:-1], "y"])

    (row,) = diff_rows(old, new)

    assert "<del>" not in row.old_html


def test_word_diff_stops_when_the_per_diff_time_limit_is_spent(monkeypatch):
    monkeypatch.setattr(diffs, "WORD_DIFF_SECONDS", 0)
    old = "".join(f"alpha beta {n}\n" for n in range(5))
    new = "".join(f"alpha gamma {n}\n" for n in range(5))

    rows = diff_rows(old, new)

    assert [r.kind for r in rows] == ["replace"] * 5
    assert rows[0] == DiffRow("replace", 1, 1, "alpha beta 0", "alpha gamma 0")


def test_huge_replaced_blocks_skip_the_word_diff():
    old = "".join(f"old {n}\n" for n in range(1500))
    new = "".join(f"new {n}\n" for n in range(1500))

    rows = diff_rows(old, new)

    assert len(rows) == 1500
    assert rows[0] == DiffRow("replace", 1, 1, "old 0", "new 0")


def test_stats_count_added_and_removed_lines():
    new = (
        BASE.replace("intro line\n", "")  # removed
        .replace("middle line", "middle line, edited")  # changed: one each
        .replace("closing line\n", "closing line\nextra 1\nextra 2\n")  # added
    )

    assert diff_stats(BASE, new) == DiffStats(added=3, removed=2)
    assert diff_stats(BASE, BASE) == DiffStats(added=0, removed=0)
    assert diff_stats("", "a\nb\n") == DiffStats(added=2, removed=0)
    assert diff_stats("a\nb\n", "") == DiffStats(added=0, removed=2)


def test_stats_agree_with_the_rows():
    old = "".join(f"line {n}\n" for n in range(300))
    new = old.replace("line 7\n", "seven\n").replace("line 100\n", "").replace("\n\n", "\n")
    rows = diff_rows(old, new, context=None)
    stats = diff_stats(old, new)

    assert stats.removed == sum(r.kind in ("delete", "replace") for r in rows)
    assert stats.added == sum(r.kind in ("insert", "replace") for r in rows)


# --------------------------------------------------------------------------
# Performance: generous bounds, printed timings (run with -s to see them)
# --------------------------------------------------------------------------


def _big_body(rnd: random.Random, blank_every: int = 0) -> list[str]:
    words = ["alpha", "beta", "gamma", "delta", "<b>", "x & y", "wiki", "page", "the"]
    lines = []
    for n in range(10_000):
        if blank_every and n % blank_every == 1:
            lines.append("")
        else:
            lines.append(f"Line {n}: " + " ".join(rnd.choices(words, k=8)))
    return lines


def _timed(label, func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    elapsed = time.perf_counter() - start
    print(f"{label}: {elapsed:.3f} s")
    assert elapsed < 10, f"{label} took {elapsed:.1f} s"
    return result


def test_diffing_500k_character_bodies_with_250_scattered_changes_is_fast():
    rnd = random.Random(1)
    old_lines = _big_body(rnd)
    new_lines = list(old_lines)
    for n in rnd.sample(range(len(old_lines)), 250):
        new_lines[n] += " (edited)"
    old, new = "\n".join(old_lines), "\n".join(new_lines)
    assert len(old) >= 500_000

    rows = _timed("250 scattered changes, context=3", diff_rows, old, new)
    _timed("250 scattered changes, context=None", diff_rows, old, new, context=None)
    stats = _timed("250 scattered changes, stats", diff_stats, old, new)

    assert sum(r.kind == "replace" for r in rows) == 250
    assert sum(r.new_html.endswith("<ins> (edited)</ins>") for r in rows) == 250
    assert stats == DiffStats(added=250, removed=250)


def test_diffing_500k_character_bodies_where_every_line_changed_is_fast():
    rnd = random.Random(2)
    old = "\n".join(_big_body(rnd))
    new = "\n".join(_big_body(rnd))

    rows = _timed("every line changed", diff_rows, old, new)

    assert len(rows) == 10_000
    assert stats_match(rows, diff_stats(old, new))


def test_diffing_markdown_like_bodies_where_every_paragraph_changed_is_fast():
    # Blank lines between paragraphs are the case that made the line matcher
    # cubic with autojunk off (minutes for this input).
    rnd = random.Random(3)
    old_lines = _big_body(rnd, blank_every=4)
    new_lines = [line + " (edited)" if line else line for line in old_lines]
    old, new = "\n".join(old_lines), "\n".join(new_lines)

    rows = _timed("every paragraph changed, blank lines kept", diff_rows, old, new)

    assert len(rows) == 10_000
    assert sum(r.kind == "equal" for r in rows) == 2_500


def test_merging_500k_character_bodies_is_fast():
    rnd = random.Random(4)
    base_lines = _big_body(rnd, blank_every=4)
    mine, theirs = list(base_lines), list(base_lines)
    for n in range(0, 10_000, 40):
        mine[n] += " (mine)"
        theirs[n + 20] += " (theirs)"
    base, mine_text, theirs_text = ("\n".join(x) for x in (base_lines, mine, theirs))

    result = _timed("merge, 500 scattered edits", three_way_merge, base, mine_text, theirs_text)

    assert not result.conflicted
    assert result.text.count("(mine)") == 250 and result.text.count("(theirs)") == 250


def stats_match(rows: list[DiffRow], stats: DiffStats) -> bool:
    removed = sum(r.kind in ("delete", "replace") for r in rows)
    added = sum(r.kind in ("insert", "replace") for r in rows)
    return (added, removed) == (stats.added, stats.removed)


# --------------------------------------------------------------------------
# templates/articles/includes/diff_table.html
# --------------------------------------------------------------------------

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"


def render_include(**context) -> str:
    from django.conf import settings

    if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
        settings.configure()  # running with -p no:django: defaults are enough
    from django.template import Context, Engine
    from django.test.utils import override_settings

    engine = Engine(dirs=[TEMPLATES_DIR], libraries={"l10n": "django.templatetags.l10n"})
    template = engine.get_template("articles/includes/diff_table.html")
    # Thousands separators on, to check line numbers are never localised.
    with override_settings(USE_THOUSAND_SEPARATOR=True):
        return template.render(Context(context))


@pytest.fixture
def rows():
    old = "".join(f"line {n}\n" for n in range(1, 1501)) + "<script>alert(1)</script>\n"
    new = old.replace("line 3\n", "line three\n").replace("alert(1)", "alert(2)") + "added\n"
    return diff_rows(old, new)


def test_the_side_by_side_table_has_headers_line_numbers_and_marked_words(rows):
    html = render_include(rows=rows, mode="side", caption="Revision <3> to 4")

    assert '<table class="diff diff-side">' in html
    assert "<caption>Revision &lt;3&gt; to 4</caption>" in html
    assert html.count('<th scope="col"') == 4
    assert '<span class="diff-sr">Removed: </span>line <del>3</del></td>' in html
    assert '<span class="diff-sr">Added: </span>line <ins>three</ins></td>' in html
    assert '<td class="diff-no">1501</td>' in html  # not "1,501"
    assert "… 1491 unchanged lines …" in html
    assert "<script>" not in html and "&lt;script&gt;alert(<del>1</del>)" in html
    assert '<td class="diff-no diff-empty"></td>' in html  # old side of the added line


def test_the_inline_table_shows_removed_then_added_lines_with_markers(rows):
    html = render_include(rows=rows, mode="inline")

    assert '<table class="diff diff-inline">' in html
    assert "<caption>" not in html
    removed = html.index('<td class="diff-text">line <del>3</del></td>')
    added = html.index('<td class="diff-text">line <ins>three</ins></td>')
    assert removed < added
    assert html.count('<span class="diff-sr">Removed</span>') == 2
    assert html.count('<span class="diff-sr">Added</span>') == 3
    assert '<span aria-hidden="true">+</span>' in html
    assert "<script>" not in html
