from accounts import sessions


class SessionActivityMiddleware:
    """Keeps "last active" on the signed-in sessions page current (cheaply: see
    accounts.sessions.touch)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            sessions.touch(request)
        return self.get_response(request)
