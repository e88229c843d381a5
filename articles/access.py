"""Who may read and edit which articles: the one place access is decided.

Rules (docs/permissions.md has the table):
- Roles are Django groups: Reader, Editor, Moderator, Admin. An employee in no role group is an
  Editor. Superusers and members of Admin may do everything and see everything.
- A ``Restriction`` on an article limits its whole subtree to chosen users and groups, with
  separate read and edit lists (an empty list means "no limit of that kind"). Restrictions
  deeper in the tree can only tighten: a reader must pass every read restriction on the path.
- Guests see only the subtrees of their ``GuestGrant``s (and restrictions still apply there).

Each article stores its nearest read- and edit-restricted ancestor-or-self (``read_root``,
``edit_root``), kept current by ``refresh_roots``. A user's verdicts are computed once from
the (few) restriction rows and cached, so a page filters with ``read_root IN (...)``: the query
count stays the same however deep the tree or however many restrictions exist.
"""

import hashlib
import threading
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q

from accounts.models import Role

ACCESS_VERSION_KEY = "lore:access-version"
CACHE_SECONDS = 300


@dataclass(frozen=True)
class Access:
    role: str
    is_admin: bool = False
    is_guest: bool = False
    readable_roots: frozenset = field(default_factory=frozenset)
    editable_roots: frozenset = field(default_factory=frozenset)
    # (tree_id, lft, rght) of each section a guest was granted
    guest_ranges: tuple = ()
    # Whether any read (edit) restriction exists at all: without one, no filter is needed.
    any_read_limits: bool = False
    any_edit_limits: bool = False

    @property
    def can_write(self):
        return self.role in (Role.EDITOR, Role.MODERATOR, Role.ADMIN)

    @property
    def is_moderator(self):
        return self.role in (Role.MODERATOR, Role.ADMIN)


NO_ACCESS = Access(role="")


def bump_version():
    """Invalidate every cached verdict (restrictions, grants, roles or the tree changed)."""
    try:
        cache.incr(ACCESS_VERSION_KEY)
    except ValueError:
        cache.set(ACCESS_VERSION_KEY, 1, None)
    _request.version = None


# The access version as this thread's request first read it. Every check on a page asks for
# it (about twenty times on an article page): one cache round trip per request instead of
# twenty, each a network round trip with Redis. Outside a request (commands, the task worker,
# tests calling services) it is read every time, as a long-running process must.
_request = threading.local()


def current_version():
    version = getattr(_request, "version", None)
    if version is None:
        version = cache.get_or_set(ACCESS_VERSION_KEY, 1, None)
        if getattr(_request, "active", False):
            _request.version = version
    return version


def request_started(**kwargs):
    _request.active, _request.version = True, None


def request_finished(**kwargs):
    _request.active, _request.version = False, None


def access_for(user):
    """The user's access verdicts, from the request-scoped copy, the cache or the database."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_lore_access", None)
    version = current_version()
    if cached is not None and cached[0] == version:
        return cached[1]
    # The flags are in the key so (de)activating or promoting someone takes effect at once.
    key = f"lore:access:{version}:{user.pk}:{user.is_superuser:d}{user.is_guest:d}"
    access = cache.get(key)
    if access is None:
        access = _compute(user)
        cache.set(key, access, CACHE_SECONDS)
    user._lore_access = (version, access)
    return access


def _role_of(user, group_names):
    if user.is_superuser or Role.ADMIN in group_names:
        return Role.ADMIN
    for role in (Role.MODERATOR, Role.EDITOR, Role.READER):
        if role in group_names:
            return role
    return Role.EDITOR


def _compute(user):
    from accounts.models import GuestGrant
    from articles.models import Restriction

    role = _role_of(user, set(user.groups.values_list("name", flat=True)))
    is_admin = role == Role.ADMIN

    def listed(kind):
        by_user = getattr(Restriction, f"{kind}_users").through.objects.filter(
            restriction_id=OuterRef("pk"), user_id=user.pk
        )
        by_group = getattr(Restriction, f"{kind}_groups").through.objects.filter(
            restriction_id=OuterRef("pk"), group__user=user
        )
        return Exists(by_user) | Exists(by_group)

    # One query, however many restrictions: each row says whether this user is listed.
    rows = list(
        Restriction.objects.filter(Q(limits_read=True) | Q(limits_edit=True))
        .annotate(read_listed=listed("read"), edit_listed=listed("edit"))
        .values_list(
            "article_id",
            "article__tree_id",
            "article__lft",
            "article__rght",
            "limits_read",
            "read_listed",
            "limits_edit",
            "edit_listed",
        )
        .order_by("article__tree_id", "article__lft")
    )
    guest_ranges = ()
    if user.is_guest and not is_admin:
        guest_ranges = tuple(
            GuestGrant.objects.filter(user=user, article__deleted_at__isnull=True).values_list(
                "article__tree_id", "article__lft", "article__rght"
            )
        )
    return Access(
        role=role,
        is_admin=is_admin,
        is_guest=user.is_guest and not is_admin,
        readable_roots=frozenset(_walk(rows, limits_index=4)),
        editable_roots=frozenset(_walk(rows, limits_index=6)),
        guest_ranges=guest_ranges,
        any_read_limits=any(row[4] for row in rows),
        any_edit_limits=any(row[6] for row in rows),
    )


def _walk(rows, *, limits_index):
    """Restricted roots the user passes, counting every enclosing restriction of that kind.

    Rows come in tree order, so a row's enclosing restrictions are still on the stack."""
    allowed = set()
    stack = []  # (tree_id, rght, passed this one and all enclosing)
    for row in rows:
        article_id, tree_id, lft, rght = row[:4]
        limits, listed = row[limits_index], row[limits_index + 1]
        if not limits:
            continue
        while stack and (stack[-1][0] != tree_id or stack[-1][1] < lft):
            stack.pop()
        passed = listed and (stack[-1][2] if stack else True)
        stack.append((tree_id, rght, passed))
        if passed:
            allowed.add(article_id)
    return allowed


def fingerprint(user):
    """Equal for people who may read exactly the same articles (cache keys of shared pages).

    It includes the access version, so any change of restrictions, grants or roles makes new
    keys."""
    access = access_for(user)
    version = current_version()
    if not access.role:
        return "none"
    if access.is_admin:
        return f"admin-{version}"
    roots = sorted(access.readable_roots) if access.any_read_limits else ()
    text = f"{version}|{roots}|{access.guest_ranges if access.is_guest else ''}"
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def readable_q(user, prefix=""):
    """A Q selecting articles ``user`` may read (``prefix`` for related lookups)."""
    access = access_for(user)
    if not access.role:
        return Q(**{f"{prefix}pk__in": []})
    if access.is_admin:
        return Q()
    condition = Q()
    if access.any_read_limits:
        condition = Q(**{f"{prefix}read_root__isnull": True}) | Q(
            **{f"{prefix}read_root__in": sorted(access.readable_roots)}
        )
    if access.is_guest:
        within = Q(**{f"{prefix}pk__in": []})
        for tree_id, lft, rght in access.guest_ranges:
            within |= Q(
                **{
                    f"{prefix}tree_id": tree_id,
                    f"{prefix}lft__gte": lft,
                    f"{prefix}rght__lte": rght,
                }
            )
        condition &= within
    return condition


def editable_q(user, prefix=""):
    access = access_for(user)
    if not access.can_write:
        return Q(**{f"{prefix}pk__in": []})
    if access.is_admin or not access.any_edit_limits:
        return readable_q(user, prefix)
    return readable_q(user, prefix) & (
        Q(**{f"{prefix}edit_root__isnull": True})
        | Q(**{f"{prefix}edit_root__in": sorted(access.editable_roots)})
    )


def restorable_q(user):
    """Trashed articles ``user`` may bring back: moderators and admins, anything they may edit;
    other editors only what they deleted themselves, so their own mistake stays theirs to undo
    while someone else's deletion waits for a moderator."""
    condition = editable_q(user)
    if access_for(user).is_moderator:
        return condition
    return condition & Q(deleted_by=user.pk)


def can_read(user, article):
    access = access_for(user)
    if not access.role:
        return False
    if access.is_admin:
        return True
    if article.read_root_id is not None and article.read_root_id not in access.readable_roots:
        return False
    if access.is_guest:
        return any(
            article.tree_id == tree_id and lft <= article.lft and article.rght <= rght
            for tree_id, lft, rght in access.guest_ranges
        )
    return True


def can_edit(user, article):
    access = access_for(user)
    if not access.can_write or not can_read(user, article):
        return False
    return (
        access.is_admin
        or article.edit_root_id is None
        or article.edit_root_id in access.editable_roots
    )


def refresh_roots(node):
    """Recompute ``read_root``/``edit_root`` for ``node``'s subtree after a restriction changed
    or the subtree moved: one UPDATE for the inherited value, then one per restriction inside."""
    from articles.models import Article, Restriction

    subtree = Article.objects.filter(tree_id=node.tree_id, lft__gte=node.lft, rght__lte=node.rght)
    enclosing = Restriction.objects.filter(
        article__tree_id=node.tree_id, article__lft__lte=node.lft, article__rght__gte=node.rght
    )
    inside = Restriction.objects.filter(
        article__tree_id=node.tree_id, article__lft__gt=node.lft, article__rght__lt=node.rght
    )
    for kind in ("read", "edit"):
        limited = Q(**{f"limits_{kind}": True})
        inherited = (
            enclosing.filter(limited)
            .order_by("-article__lft")
            .values_list("article_id", flat=True)
            .first()
        )
        subtree.update(**{f"{kind}_root_id": inherited})
        for article_id, lft, rght in (
            inside.filter(limited)
            .order_by("article__lft")
            .values_list("article_id", "article__lft", "article__rght")
        ):
            subtree.filter(lft__gte=lft, rght__lte=rght).update(**{f"{kind}_root_id": article_id})
    bump_version()
