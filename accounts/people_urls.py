"""Mounted at /people/ by kb/urls.py."""

from django.urls import path

from accounts.views import invitations, people

app_name = "people"

urlpatterns = [
    path("", people.directory, name="directory"),
    path("invite/", invitations.invite, name="invite"),
    path("invite/<int:pk>/revoke/", invitations.revoke, name="revoke_invitation"),
    path("<str:username>/", people.profile, name="profile"),
]
