"""What ``articles.services`` tells other apps after each change (see ``_announce``)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ArticleEvent:
    """One change made through ``articles.services``, described for other apps.

    Built inside the change's transaction, after its revision is recorded. Handlers that
    reach outside the database (email, tasks) defer that with ``transaction.on_commit``.
    """

    article: object  # the Article as saved; for deletes and restores, the subtree's root
    actor: object  # the user who made the change; None for an admin purge
    kind: str  # an ArticleRevision.Kind value (create, edit, merge, revert, rename, move,
    # delete, restore) or "purge"
    revision: int | None  # the new revision number; None for a purge
    previous_body: str | None = None  # Markdown before the change; "" when created, None
    # when the body did not change
    subtree_ids: list[int] = field(default_factory=list)  # every article the change touched
