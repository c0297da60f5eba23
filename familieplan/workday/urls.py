"""The coordinator's day, mounted at /day/ (workday/extension.py)."""

from django.urls import path

from familieplan.workday import team_views, today_views

app_name = "workday"

urlpatterns = [
    path("team/", team_views.team_view, name="team"),
    path("seen/", today_views.seen, name="seen"),
    path("seen/undo/", today_views.unsee, name="unsee"),
    path("team/<int:coordinator_id>/", team_views.team_handover, name="team_handover"),
]
