from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import services, sessions, sso
from accounts.forms import SignInForm
from accounts.views import invitations, profile, signup


class SignInView(auth_views.LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "signup_open": services.signup_open(),
            "sso": sso.sign_in_button(),
        }


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        # The new password already invalidates the others; end them so the list agrees.
        sessions.end_other_sessions(self.request.user, self.request.session.session_key)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        sessions.end_all_sessions(form.user)
        return response


urlpatterns = [
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(extra_email_context={"SITE_NAME": settings.SITE_NAME}),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("invite/<str:token>/", invitations.accept, name="accept_invitation"),
    path("signup/", signup.signup, name="signup"),
    path("signup/verify/<uidb64>/<token>/", signup.verify, name="signup_verify"),
    path("profile/", profile.edit_profile, name="profile_edit"),
    path("sessions/", profile.session_list, name="sessions"),
    path("sessions/end-others/", profile.end_other_sessions, name="end_other_sessions"),
    path("avatars/<str:name>", profile.avatar, name="avatar"),
]
