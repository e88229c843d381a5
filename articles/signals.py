"""Events other apps react to, so articles/ never imports them.

``article_changed`` is sent inside the transaction of every change made through
``articles.services``, after its revision is recorded. Receivers that reach outside the
database (email, tasks) should defer that work with ``transaction.on_commit``.

Arguments sent with it:
- ``article``: the article, as saved (for deletes and restores: the subtree's root);
- ``actor``: the user who made the change (None for admin purges);
- ``kind``: an ``ArticleRevision.Kind`` value (create, edit, merge, revert, rename, move,
  delete, restore) or ``"purge"``;
- ``revision``: the new revision number (None for purges);
- ``previous_body``: the Markdown before the change ("" for a new article, None when the
  body did not change);
- ``subtree_ids``: every article the change touched (the subtree for deletes, restores
  and purges; just the article otherwise).
"""

from django.dispatch import Signal

article_changed = Signal()
