"""Tags: typed while editing, shown on articles, listed on tag pages, suggested as you type,
tidied up in the admin; never revealing an article someone may not read."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import GuestGrant
from articles import services
from articles.models import MAX_TAG_CHARS, MAX_TAGS, Article, ArticleRevision, Tag
from articles.views import tags as tag_views
from search.query import search
from tests.conftest import make_user, restrict_reading


@pytest.fixture
def signed_in(client, bob):
    client.force_login(bob)
    return client


@pytest.fixture
def tagged(alice):
    """tagged("Title", "deploy, on-call", parent=None, author=alice): an article with tags,
    created through the real service."""

    def make(title, tags, parent=None, author=None, body="Some text.\n"):
        return services.create_article(
            title=title,
            body=body,
            parent=parent,
            author=author or alice,
            tags=Tag.parse_list(tags),
        )

    return make


def tag_names(article):
    return sorted(tag.name for tag in Article.objects.get(pk=article.pk).tags.all())


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def listed(response):
    return [article.title for article in response.context["page_obj"]]


def post_edit(client, article, **data):
    article = Article.objects.get(pk=article.pk)
    payload = {
        "title": article.title,
        "slug": article.slug,
        "body": article.body,
        "summary": "",
        "base_revision": article.revision_number,
        **data,
    }
    return client.post(f"/wiki/{article.path}/_edit/", payload)


# --- What counts as a tag -----------------------------------------------------------------------


def test_a_tag_is_the_same_tag_whatever_its_case_or_spacing():
    assert Tag.normalise("  Release   Notes ") == ("Release Notes", "release-notes")
    assert Tag.parse_list("PostgreSQL, postgresql,POSTGRESQL ") == [("PostgreSQL", "postgresql")]


def test_tags_keep_letters_of_any_script():
    assert Tag.normalise("Über uns") == ("Über uns", "über-uns")
    assert Tag.normalise("日本語") == ("日本語", "日本語")
    assert Tag.normalise("Node.js") == ("Node.js", "nodejs")


@pytest.mark.parametrize("word", ["हिन्दी", "தமிழ்", "ภาษาไทย", "కంప్యూటర్"])
def test_tags_in_scripts_with_combining_vowels_keep_them(word):
    assert Tag.normalise(f"{word} docs") == (f"{word} docs", f"{word}-docs")


def test_an_accent_typed_separately_is_the_same_tag():
    assert Tag.normalise("cafe\u0301") == ("café", "café")


def test_a_tag_whose_slug_would_be_too_long_is_refused():
    # "ﬃ" is one character but three in the slug (compatibility normalisation).
    with pytest.raises(ValidationError) as refused:
        Tag.normalise("ﬃ" * 20)
    assert "is too long" in refused.value.messages[0]


def test_a_too_long_slug_is_refused_through_the_editor_too(signed_in, db):
    response = signed_in.post(
        "/wiki/_new/", {"title": "Ligatures", "body": "", "parent": "", "tags": "ﬃ" * 20}
    )

    assert response.status_code == 200 and "is too long" in response.content.decode()
    assert not Tag.objects.exists()


def test_empty_items_between_commas_are_ignored_and_the_order_kept():
    assert Tag.parse_list(" deploy,, ,on-call, ") == [("deploy", "deploy"), ("on-call", "on-call")]
    assert Tag.parse_list("") == []


def test_too_many_tags_are_refused_saying_how_many():
    text = ", ".join(f"tag{number}" for number in range(MAX_TAGS + 1))
    with pytest.raises(ValidationError) as refused:
        Tag.parse_list(text)
    assert refused.value.messages == [f"At most {MAX_TAGS} tags, please; there are 21."]


def test_duplicates_do_not_count_towards_the_limit():
    text = ", ".join(["Deploy", "deploy"] * 15 + [f"t{number}" for number in range(MAX_TAGS - 1)])
    assert len(Tag.parse_list(text)) == MAX_TAGS


def test_a_too_long_tag_is_refused():
    with pytest.raises(ValidationError) as refused:
        Tag.normalise("x" * (MAX_TAG_CHARS + 1))
    assert "is too long: a tag has at most 50 characters" in refused.value.messages[0]
    assert Tag.normalise("x" * MAX_TAG_CHARS)[1] == "x" * MAX_TAG_CHARS


@pytest.mark.parametrize("typed", ["c++", "a/b", "<script>", "why?", "🚀", "#ops"])
def test_punctuation_and_symbols_are_refused_naming_the_tag(typed):
    with pytest.raises(ValidationError) as refused:
        Tag.normalise(typed)
    assert f"“{typed}”: a tag may contain letters, digits" in refused.value.messages[0]


@pytest.mark.parametrize("typed", ["...", "-", "_", " - . "])
def test_a_tag_needs_a_letter_or_digit(typed):
    with pytest.raises(ValidationError) as refused:
        Tag.normalise(typed)
    assert "needs at least one letter or digit" in refused.value.messages[0]


def test_every_bad_tag_is_reported_at_once():
    with pytest.raises(ValidationError) as refused:
        Tag.parse_list("deploy, c++, " + "y" * 60)
    assert len(refused.value.messages) == 2


# --- Choosing tags while writing --------------------------------------------------------------


def test_an_article_is_created_with_the_tags_typed(signed_in, db):
    response = signed_in.post(
        "/wiki/_new/",
        {"title": "Deploying", "body": "How.", "parent": "", "tags": "Deploy, on-call"},
    )

    assert response.status_code == 302
    article = Article.objects.get(path="deploying")
    assert tag_names(article) == ["Deploy", "on-call"]
    assert article.revisions.get().detail == "Tags: +Deploy +on-call"
    page = page_of(signed_in, article.get_absolute_url())
    assert '<a class="tag" href="/tags/deploy/" rel="tag">Deploy</a>' in page
    assert '<a class="tag" href="/tags/on-call/" rel="tag">on-call</a>' in page


def test_typing_an_existing_tag_another_way_reuses_it(signed_in, tagged):
    tagged("PostgreSQL tuning", "PostgreSQL")

    signed_in.post(
        "/wiki/_new/", {"title": "Backups", "body": "", "parent": "", "tags": "postgresql"}
    )

    assert Tag.objects.count() == 1
    assert tag_names(Article.objects.get(path="backups")) == ["PostgreSQL"]


def test_bad_tags_are_refused_with_the_text_kept_and_nothing_saved(signed_in, db):
    response = signed_in.post(
        "/wiki/_new/",
        {"title": "Deploying", "body": "My careful text", "parent": "", "tags": "deploy, c++"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "“c++”: a tag may contain letters, digits" in page
    assert 'value="deploy, c++"' in page and "My careful text" in page
    assert not Article.objects.exists() and not Tag.objects.exists()


def test_the_edit_form_shows_the_current_tags(signed_in, tagged):
    article = tagged("Deploying", "on-call, Deploy")

    page = page_of(signed_in, f"/wiki/{article.path}/_edit/")

    assert 'name="tags" value="Deploy, on-call"' in page


def test_changing_only_the_tags_is_a_revision_with_a_history_line(signed_in, tagged):
    article = tagged("Deploying", "deploy, on-call")

    response = post_edit(signed_in, article, tags="deploy, kubernetes")

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.revision_number == 2
    assert tag_names(article) == ["deploy", "kubernetes"]
    revision = article.revisions.get(number=2)
    assert revision.kind == ArticleRevision.Kind.EDIT
    assert revision.detail == "Tags: +kubernetes −on-call"
    assert "Tags: +kubernetes −on-call" in page_of(signed_in, f"/wiki/{article.path}/_history/")


def test_a_post_without_the_tags_field_leaves_the_tags_as_they_are(signed_in, tagged):
    article = tagged("Deploying", "deploy")

    post_edit(signed_in, article, body="New text.\n")

    article.refresh_from_db()
    assert article.revision_number == 2 and tag_names(article) == ["deploy"]
    assert article.revisions.get(number=2).detail == ""


def test_the_same_tags_typed_differently_change_nothing(signed_in, tagged):
    article = tagged("Deploying", "Deploy, on-call")

    post_edit(signed_in, article, tags="ON-CALL, deploy, Deploy")

    article.refresh_from_db()
    assert article.revision_number == 1 and tag_names(article) == ["Deploy", "on-call"]


def test_emptying_the_field_removes_every_tag(signed_in, tagged):
    article = tagged("Deploying", "deploy, on-call")

    post_edit(signed_in, article, tags="")

    article.refresh_from_db()
    assert tag_names(article) == []
    assert article.revisions.get(number=2).detail == "Tags: −deploy −on-call"


def test_retitling_and_retagging_together_is_one_edit_with_both_in_its_history(signed_in, tagged):
    article = tagged("Deploying", "deploy")

    post_edit(signed_in, article, title="Deploying safely", tags="deploy, safety")

    revision = Article.objects.get(pk=article.pk).revisions.get(number=2)
    assert revision.kind == ArticleRevision.Kind.EDIT
    assert revision.detail == "“Deploying” → “Deploying safely”; Tags: +safety"


def test_bad_tags_in_an_edit_keep_everything_typed_and_save_nothing(signed_in, tagged):
    article = tagged("Deploying", "deploy")

    response = post_edit(signed_in, article, body="My careful text", tags="deploy, why?")

    page = response.content.decode()
    assert response.status_code == 200
    assert "“why?”: a tag may contain" in page and 'value="deploy, why?"' in page
    assert "My careful text" in page
    article.refresh_from_db()
    assert article.revision_number == 1 and tag_names(article) == ["deploy"]


def test_the_conflict_page_keeps_the_tags_typed(signed_in, tagged, alice):
    article = tagged("Notes", "deploy", body="one\ntwo\n")
    services.edit_article(
        article=article, base_revision=1, title="Notes", body="one\nalice's two\n", author=alice
    )

    response = post_edit(
        signed_in, article, base_revision=1, body="one\nbob's two\n", tags="deploy, Rollback"
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert 'value="deploy, Rollback"' in page
    assert tag_names(article) == ["deploy"]


def test_a_merged_edit_saves_the_tags_submitted(signed_in, tagged, alice):
    article = tagged("Notes", "deploy", body="one\ntwo\nthree\nfour\n")
    services.edit_article(
        article=article,
        base_revision=1,
        title="Notes",
        body="ONE\ntwo\nthree\nfour\n",
        author=alice,
    )

    post_edit(signed_in, article, base_revision=1, body="one\ntwo\nthree\nFOUR\n", tags="ops")

    article.refresh_from_db()
    assert article.body == "ONE\ntwo\nthree\nFOUR\n"
    assert tag_names(article) == ["ops"]


def retag(article, tags, author, base_revision=None, body=None):
    current = Article.objects.get(pk=article.pk)
    return services.edit_article(
        article=current,
        base_revision=base_revision or current.revision_number,
        title=current.title,
        body=current.body if body is None else body,
        author=author,
        tags=Tag.parse_list(tags),
    )


def test_an_edit_from_an_older_revision_keeps_the_tags_added_and_removed_meanwhile(
    signed_in, tagged, alice
):
    article = tagged("Deploying", "deploy, draft")
    retag(article, "deploy, kubernetes", author=alice)  # +kubernetes −draft, revision 2

    # Bob opened the editor at revision 1 (tags “deploy, draft”), added “on-call”.
    post_edit(signed_in, article, base_revision=1, tags="deploy, draft, on-call")

    assert tag_names(article) == ["deploy", "kubernetes", "on-call"]
    assert Article.objects.get(pk=article.pk).revisions.get(number=3).detail == "Tags: +on-call"


def test_a_tag_removed_in_an_edit_from_an_older_revision_is_removed(signed_in, tagged, alice):
    article = tagged("Deploying", "deploy, draft")
    retag(article, "deploy, draft, kubernetes", author=alice)

    post_edit(signed_in, article, base_revision=1, body="Reviewed.\n", tags="deploy")

    assert tag_names(article) == ["deploy", "kubernetes"]


def test_a_text_edit_from_an_older_revision_leaves_the_tags_saved_meanwhile(
    signed_in, tagged, alice
):
    article = tagged("Deploying", "deploy")
    retag(article, "deploy, kubernetes", author=alice)

    # The form still shows “deploy” only; the text changed, the tags field didn't.
    post_edit(signed_in, article, base_revision=1, body="Typo fixed.\n", tags="deploy")

    article.refresh_from_db()
    assert article.body == "Typo fixed.\n"
    assert tag_names(article) == ["deploy", "kubernetes"]
    assert article.revisions.get(number=3).detail == ""


def test_the_conflict_page_shows_the_tags_typed_with_those_added_meanwhile(
    signed_in, tagged, alice
):
    article = tagged("Notes", "deploy", body="one\ntwo\n")
    retag(article, "deploy, kubernetes", author=alice, body="one\nalice's two\n")

    response = post_edit(
        signed_in, article, base_revision=1, body="one\nbob's two\n", tags="Rollback"
    )

    assert response.status_code == 409
    assert 'value="kubernetes, Rollback"' in response.content.decode()
    assert tag_names(article) == ["deploy", "kubernetes"]


def test_creating_an_existing_tag_in_another_spelling_reuses_it_in_the_service(alice):
    first = services.create_article(
        title="One", body="", author=alice, tags=Tag.parse_list("Node.js")
    )
    second = services.create_article(
        title="Two", body="", author=alice, tags=Tag.parse_list("NodeJS, node js")
    )

    assert Tag.objects.count() == 2  # “node js” is “node-js”, not “nodejs”
    assert tag_names(first) == ["Node.js"]
    assert tag_names(second) == ["Node.js", "node js"]


# --- The tag page ---------------------------------------------------------------------------------


def test_the_tag_page_lists_only_articles_the_reader_may_read(client, tagged, alice, bob):
    tagged("Deploying", "deploy")
    secret = tagged("Secret deploys", "deploy")
    restrict_reading(secret, users=[alice])
    trashed = tagged("Old deploys", "deploy")
    services.trash_article(article=trashed, author=alice)

    client.force_login(bob)
    page = page_of(client, "/tags/deploy/")
    assert "Deploying" in page and "1 article" in page
    assert "Secret deploys" not in page and "Old deploys" not in page

    client.force_login(alice)
    page = page_of(client, "/tags/deploy/")
    assert "Deploying" in page and "Secret deploys" in page and "2 articles" in page


def test_a_tag_only_hidden_or_trashed_articles_carry_is_not_found(client, tagged, alice, bob):
    secret = tagged("Secret plans", "skunkworks")
    restrict_reading(secret, users=[alice])
    trashed = tagged("Old plans", "graveyard")
    services.trash_article(article=trashed, author=alice)
    client.force_login(bob)

    assert client.get("/tags/skunkworks/").status_code == 404
    assert client.get("/tags/graveyard/").status_code == 404
    assert client.get("/tags/no-such-tag/").status_code == 404
    client.force_login(alice)
    assert client.get("/tags/skunkworks/").status_code == 200


def test_a_restored_article_is_back_on_its_tag_page_and_a_purged_one_gone_for_good(
    signed_in, tagged, alice
):
    article = tagged("Old deploys", "deploy")
    services.trash_article(article=article, author=alice)
    assert signed_in.get("/tags/deploy/").status_code == 404

    services.restore_article(article=Article.objects.get(pk=article.pk), author=alice)
    assert listed(signed_in.get("/tags/deploy/")) == ["Old deploys"]
    assert tag_names(article) == ["deploy"]

    services.trash_article(article=Article.objects.get(pk=article.pk), author=alice)
    services.purge_article(article=Article.objects.get(pk=article.pk))
    assert signed_in.get("/tags/deploy/").status_code == 404
    assert list(signed_in.get("/tags/").context["tags"]) == []


def test_the_tag_page_offers_to_search_within_its_articles(signed_in, tagged):
    tagged("Deploy checklist", "Deploy", body="Tell the channel.\n")
    tagged("Rollback", "deploy", body="Undo it.\n")

    page = page_of(signed_in, "/tags/deploy/")
    assert 'href="/search/?tag=deploy"' in page

    response = signed_in.get("/search/", {"tag": "deploy", "q": "channel"})
    assert [hit.article.title for hit in response.context["results"].hits] == ["Deploy checklist"]


def test_a_guest_sees_only_the_tagged_articles_of_granted_sections(client, tagged, alice):
    granted = tagged("Partners", "deploy")
    tagged("Internal", "deploy")
    guest = make_user("gus", is_guest=True)
    GuestGrant.objects.create(user=guest, article=granted)
    client.force_login(guest)

    page = page_of(client, "/tags/deploy/")

    assert "Partners" in page and "Internal" not in page


def test_signed_out_visitors_are_sent_to_sign_in(client, tagged):
    tagged("Deploying", "deploy")
    for url in ["/tags/", "/tags/deploy/", "/tags/_suggest/?q=dep"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_tag_address_typed_in_another_case_leads_to_the_tag(signed_in, tagged):
    tagged("Deploying", "Deploy")

    response = signed_in.get("/tags/DEPLOY/")

    assert response.status_code == 301 and response.url == "/tags/deploy/"


def test_a_tag_in_a_script_with_combining_vowels_has_its_own_page(signed_in, tagged):
    tagged("Hindi style guide", "हिन्दी")
    tagged("Other", "हद")

    response = signed_in.get(Tag.objects.get(name="हिन्दी").get_absolute_url())

    assert listed(response) == ["Hindi style guide"]


def test_the_tag_page_is_paginated(signed_in, tagged, monkeypatch):
    monkeypatch.setattr(tag_views, "ARTICLES_PER_PAGE", 2)
    for letter in "abcde":
        tagged(f"Article {letter}", "deploy")

    first = signed_in.get("/tags/deploy/")
    last = signed_in.get("/tags/deploy/?page=3")

    assert listed(first) == ["Article a", "Article b"]
    assert "5 articles" in first.content.decode() and "?page=2" in first.content.decode()
    assert listed(last) == ["Article e"]


def test_the_tag_page_costs_the_same_queries_for_2_or_30_articles(
    signed_in, tagged, section, django_assert_max_num_queries
):
    for number in range(2):
        tagged(f"Runbook {number}", "ops, deploy", parent=section)
    page_of(signed_in, "/tags/ops/")  # the session and access verdicts, cached as on any page
    with django_assert_max_num_queries(99) as few:
        page_of(signed_in, "/tags/ops/")
    budget = len(few.captured_queries)
    for number in range(2, 30):
        tagged(f"Runbook {number}", "ops, deploy", parent=section)
    page_of(signed_in, "/tags/ops/")

    with django_assert_max_num_queries(budget):
        assert "30 articles" in page_of(signed_in, "/tags/ops/")


# --- The list of tags -----------------------------------------------------------------------------


def test_the_tag_list_counts_only_articles_the_reader_may_read(client, tagged, alice, bob):
    tagged("Deploying", "deploy, ops")
    secret = tagged("Secret deploys", "deploy, skunkworks")
    restrict_reading(secret, users=[alice])
    trashed = tagged("Old deploys", "deploy, graveyard")
    services.trash_article(article=trashed, author=alice)

    client.force_login(bob)
    listed = client.get("/tags/").context["tags"]
    assert [(tag.name, tag.article_count) for tag in listed] == [("deploy", 1), ("ops", 1)]

    client.force_login(alice)
    listed = client.get("/tags/").context["tags"]
    assert [(tag.name, tag.article_count) for tag in listed] == [
        ("deploy", 2),
        ("ops", 1),
        ("skunkworks", 1),
    ]


def test_the_tag_list_is_alphabetical_whatever_the_case(signed_in, tagged):
    tagged("One", "zebra, PostgreSQL, apple, Kubernetes")

    page = page_of(signed_in, "/tags/")

    positions = [page.index(f">{name}</a>") for name in ["apple", "Kubernetes", "PostgreSQL"]]
    assert positions == sorted(positions) and page.index(">zebra</a>") > positions[-1]


def test_every_page_links_to_the_tag_list(signed_in, section):
    for page in (page_of(signed_in, "/"), page_of(signed_in, section.get_absolute_url())):
        assert page.count('href="/tags/"') == 2  # the sidebar and the footer
    assert 'href="/tags/" aria-current="page"' in page_of(signed_in, "/tags/")


def test_the_tag_list_says_so_when_there_are_no_tags(signed_in, section):
    assert "No article you can read has tags yet" in page_of(signed_in, "/tags/")


def test_the_tag_list_costs_the_same_queries_for_2_or_30_tags(
    signed_in, tagged, django_assert_max_num_queries
):
    tagged("One", "t0, t1")
    page_of(signed_in, "/tags/")
    with django_assert_max_num_queries(99) as few:
        page_of(signed_in, "/tags/")
    budget = len(few.captured_queries)
    tagged("Two", ", ".join(f"t{number}" for number in range(20)))
    tagged("Three", ", ".join(f"t{number}" for number in range(20, 30)))
    page_of(signed_in, "/tags/")

    with django_assert_max_num_queries(budget):
        assert ">t29</a>" in page_of(signed_in, "/tags/")


# --- Suggestions while typing ---------------------------------------------------------------------


def suggested(client, typed):
    response = client.get("/tags/_suggest/", {"q": typed})
    assert response.status_code == 200
    return [tag.name for tag in response.context["tags"]]


def test_suggestions_are_tags_starting_with_what_is_typed_or_with_a_word_of_it(signed_in, tagged):
    tagged("One", "deploy, on-call, Deprecated, redeploy")

    assert suggested(signed_in, "dep") == ["deploy", "Deprecated"]
    assert suggested(signed_in, "DEPL") == ["deploy"]
    assert suggested(signed_in, "call") == ["on-call"]
    assert suggested(signed_in, "on c") == ["on-call"]
    assert suggested(signed_in, "ploy") == []


def test_the_most_used_tags_are_suggested_first(signed_in, tagged):
    tagged("One", "deprecated, deploy")
    tagged("Two", "deploy")
    tagged("Three", "deploy, depot")
    tagged("Four", "depot")

    assert suggested(signed_in, "dep") == ["deploy", "depot", "deprecated"]
    assert 'deploy <span class="muted">(3)</span>' in page_of(signed_in, "/tags/_suggest/?q=dep")


def test_suggestions_are_limited(signed_in, tagged):
    tagged("One", ", ".join(f"team{number}" for number in range(12)))

    assert len(suggested(signed_in, "team")) == tag_views.TAG_SUGGESTIONS


def test_a_tag_only_hidden_or_trashed_articles_carry_is_never_suggested(client, tagged, alice, bob):
    tagged("Open plans", "plans")
    secret = tagged("Secret plans", "plans, planet-x")
    restrict_reading(secret, users=[alice])
    trashed = tagged("Old plans", "planetarium")
    services.trash_article(article=trashed, author=alice)

    client.force_login(bob)
    assert suggested(client, "plan") == ["plans"]
    assert "(1)" in page_of(client, "/tags/_suggest/?q=plan")
    client.force_login(alice)
    assert suggested(client, "plan") == ["plans", "planet-x"]


@pytest.mark.parametrize("typed", ["", "   ", "!!!", "%", "_", "x" * 500])
def test_nothing_to_suggest_for_nothing_typed(signed_in, tagged, typed):
    tagged("One", "deploy")

    assert suggested(signed_in, typed) == []


# --- The admin: rename, merge, delete -------------------------------------------------------------


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_renaming_a_tag_shows_at_once_on_articles_and_in_search(client, admin, tagged, bob):
    article = tagged("Cluster upgrades", "k8s")
    tag = Tag.objects.get()
    client.force_login(bob)
    assert ">k8s</a>" in page_of(client, article.get_absolute_url())  # now cached

    client.force_login(admin)
    response = client.post(f"/admin/articles/tag/{tag.pk}/change/", {"name": "Kubernetes"})
    assert response.status_code == 302

    client.force_login(bob)
    page = page_of(client, article.get_absolute_url())
    assert '<a class="tag" href="/tags/kubernetes/" rel="tag">Kubernetes</a>' in page
    assert ">k8s</a>" not in page
    assert [hit.article for hit in search(bob, "kubernetes").hits] == [article]
    assert search(bob, "k8s").total == 0
    assert client.get("/tags/kubernetes/").status_code == 200


def test_renaming_a_tag_to_another_tags_spelling_is_refused_with_advice(admin_client, tagged):
    tagged("One", "k8s, Kubernetes")
    tag = Tag.objects.get(slug="k8s")

    response = admin_client.post(f"/admin/articles/tag/{tag.pk}/change/", {"name": "kubernetes"})

    assert response.status_code == 200
    assert "merge the two tags instead" in response.content.decode()
    tag.refresh_from_db()
    assert tag.name == "k8s"


def test_renaming_a_tag_to_a_bad_name_is_refused(admin_client, tagged):
    tagged("One", "k8s")
    tag = Tag.objects.get()

    response = admin_client.post(f"/admin/articles/tag/{tag.pk}/change/", {"name": "k8s?"})

    assert "a tag may contain letters, digits" in response.content.decode()
    assert Tag.objects.get().name == "k8s"


def test_merging_tags_leaves_each_article_with_one_of_them(admin_client, tagged, bob, client):
    both = tagged("Cluster upgrades", "k8s, kubernetes")
    old = tagged("Pods", "k8s")
    new = tagged("Nodes", "kubernetes")
    tagged("Ingress", "Kubernetes")
    admin_client.get(both.get_absolute_url())  # cached with both tags

    response = admin_client.post(
        "/admin/articles/tag/",
        {"action": "merge", "_selected_action": [tag.pk for tag in Tag.objects.all()]},
    )

    assert response.status_code == 302
    assert list(Tag.objects.values_list("name", flat=True)) == ["kubernetes"]
    for article in [both, old, new]:
        assert tag_names(article) == ["kubernetes"]
    assert Article.tags.through.objects.count() == 4
    page = page_of(admin_client, both.get_absolute_url())
    assert page.count('rel="tag"') == 1
    assert [hit.article.title for hit in search(bob, "tag:kubernetes pods").hits] == ["Pods"]


def test_a_renamed_tags_old_addresses_lead_to_it(admin_client, tagged, client, bob):
    tagged("Cluster upgrades", "k8s")
    tag = Tag.objects.get()
    admin_client.post(f"/admin/articles/tag/{tag.pk}/change/", {"name": "kube"})
    admin_client.post(f"/admin/articles/tag/{tag.pk}/change/", {"name": "Kubernetes"})
    client.force_login(bob)

    for old in ("k8s", "kube", "K8s"):
        response = client.get(f"/tags/{old}/", follow=True)
        assert response.redirect_chain[-1] == ("/tags/kubernetes/", 301)
        assert "Cluster upgrades" in response.content.decode()
    assert client.get("/tags/nothing-like-it/").status_code == 404


def test_a_new_tag_may_take_a_renamed_tags_old_name(admin_client, tagged, client, bob):
    tagged("Cluster upgrades", "k8s")
    tag = Tag.objects.get()
    admin_client.post(f"/admin/articles/tag/{tag.pk}/change/", {"name": "Kubernetes"})
    tagged("Tiny clusters", "k8s")  # a new tag with the old spelling
    client.force_login(bob)

    response = client.get("/tags/k8s/")

    assert response.status_code == 200
    assert [article.title for article in response.context["page_obj"]] == ["Tiny clusters"]


def test_merged_tags_addresses_lead_to_the_tag_they_became(admin_client, tagged, client, bob):
    tagged("Cluster upgrades", "k8s, kubernetes")
    tagged("Nodes", "kubernetes")
    tagged("Pods", "kube")
    kube = Tag.objects.get(slug="kube")
    admin_client.post(f"/admin/articles/tag/{kube.pk}/change/", {"name": "kube-old"})
    admin_client.post(
        "/admin/articles/tag/",
        {"action": "merge", "_selected_action": [tag.pk for tag in Tag.objects.all()]},
    )
    client.force_login(bob)

    for old in ("k8s", "kube", "kube-old"):
        response = client.get(f"/tags/{old}/")
        assert (response.status_code, response.url) == (301, "/tags/kubernetes/")


def test_merging_one_tag_is_refused_gently(admin_client, tagged):
    tagged("One", "k8s")

    response = admin_client.post(
        "/admin/articles/tag/",
        {"action": "merge", "_selected_action": [Tag.objects.get().pk]},
        follow=True,
    )

    assert "Select at least two tags to merge." in response.content.decode()
    assert Tag.objects.count() == 1


def test_deleting_a_tag_takes_it_off_every_article(admin_client, tagged, bob):
    article = tagged("Cluster upgrades", "k8s, ops")
    tag = Tag.objects.get(slug="k8s")
    admin_client.get(article.get_absolute_url())

    response = admin_client.post(f"/admin/articles/tag/{tag.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert tag_names(article) == ["ops"]
    assert ">k8s</a>" not in page_of(admin_client, article.get_absolute_url())
    assert search(bob, "k8s").total == 0


def test_deleting_several_tags_at_once(admin_client, tagged, bob):
    article = tagged("Cluster upgrades", "k8s, ops, deploy")
    doomed = Tag.objects.exclude(slug="deploy")

    admin_client.post(
        "/admin/articles/tag/",
        {"action": "delete_selected", "_selected_action": [t.pk for t in doomed], "post": "yes"},
    )

    assert tag_names(article) == ["deploy"]
    assert search(bob, "ops").total == 0


def test_the_admin_lists_tags_with_how_many_articles_carry_them(admin_client, tagged):
    tagged("One", "k8s, ops")
    tagged("Two", "ops")

    page = page_of(admin_client, "/admin/articles/tag/")

    assert "k8s" in page and "ops" in page
    assert {
        tag.name: tag.article_count
        for tag in admin_client.get("/admin/articles/tag/").context["cl"].result_list
    } == {"k8s": 1, "ops": 2}


# --- Two people at once ---------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_adding_the_same_new_tags_at_once_both_get_them(alice, bob):
    from django.db import connection

    from tests.articles.test_concurrency import run_together

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent connections (SQLite shares one)")
    one = services.create_article(title="One", body="", author=alice)
    two = services.create_article(title="Two", body="", author=bob)

    def retag(article, user, tags):
        # Edits (unlike creates) don't take the tree lock: nothing serialises these two.
        return lambda: services.edit_article(
            article=Article.objects.get(pk=article.pk),
            base_revision=1,
            title=article.title,
            body="",
            author=user,
            tags=Tag.parse_list(tags),
        )

    outcomes = run_together(
        retag(one, alice, "Incident review, postmortem"),
        retag(two, bob, "postmortem, incident-review"),
    )

    assert all(isinstance(outcome, services.SaveResult) for outcome in outcomes), outcomes
    assert sorted(Tag.objects.values_list("slug", flat=True)) == ["incident-review", "postmortem"]
    assert tag_names(one) == tag_names(two)  # one tag each, named by whoever came first
    assert len(tag_names(one)) == 2
