from django.utils.functional import SimpleLazyObject

from notifications.services import unread_count


def bell(request):
    """The header bell's unread count, computed only if a template shows it (cached per
    person, so usually no query at all)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
