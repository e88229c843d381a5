from django.conf import settings


def site(request):
    from articles.access import access_for

    def can_write():
        # Called only by a template that asks (the header's "New article"): readers aren't
        # offered what would refuse them. The verdicts are cached per user.
        return access_for(getattr(request, "user", None)).can_write

    return {"SITE_NAME": settings.SITE_NAME, "can_write": can_write}
