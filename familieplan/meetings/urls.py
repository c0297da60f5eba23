from django.urls import path

from familieplan.meetings import views

app_name = "meetings"

M = "<uuid:family_id>/<uuid:meeting_id>/"

urlpatterns = [
    path("<uuid:family_id>/", views.meeting_list, name="list"),
    path("<uuid:family_id>/new/", views.meeting_create, name="create"),
    path(M, views.meeting_detail, name="detail"),
    path(M + "edit/", views.meeting_edit, name="edit"),
    path(M + "cancel/", views.meeting_cancel, name="cancel"),
    path(M + "minutes/", views.minutes_edit, name="minutes"),
    path(M + "minutes/release/", views.minutes_release, name="minutes_release"),
    path(M + "decisions/new/", views.decision_create, name="decision_create"),
    path(
        M + "decisions/<uuid:decision_id>/measure/",
        views.decision_measure,
        name="decision_measure",
    ),
    path(M + "calendar.ics", views.meeting_calendar, name="calendar"),
    path(M + "emails/<uuid:email_id>/retry/", views.email_retry, name="email_retry"),
]
