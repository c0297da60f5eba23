from django.urls import path

from familieplan.meetings import calendar_views, views

app_name = "meetings"

M = "<uuid:family_id>/<uuid:meeting_id>/"

urlpatterns = [
    path("calendar/", calendar_views.my_calendar, name="my_calendar"),
    path("calendar/new/", calendar_views.slot_new, name="slot_new"),
    path("calendar/feed/", calendar_views.feed_settings, name="feed_settings"),
    path("calendar/feed/new/", calendar_views.feed_create, name="feed_create"),
    path("calendar/feed/revoke/", calendar_views.feed_revoke, name="feed_revoke"),
    path("feed/<str:token>.ics", calendar_views.calendar_feed, name="feed"),
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
