import pytest

from search.indexing import reindex


@pytest.fixture
def indexed(make_article):
    """``make_article`` followed by indexing it.

    Until ``articles.services`` calls ``search.indexing.reindex`` itself (issue 7 wiring), the
    tests index what they create; afterwards this is a harmless second reindex.
    """

    def make(title, body="Some text.\n", **kwargs):
        article = make_article(title, body=body, **kwargs)
        reindex([article.pk])
        return article

    return make
