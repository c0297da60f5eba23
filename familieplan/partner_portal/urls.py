from django.urls import path

from familieplan.partner_portal import economy_views, views

app_name = "partner_portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("<uuid:family_id>/", views.family, name="family"),
    path(
        "<uuid:family_id>/measures/<uuid:measure_id>/status/",
        views.measure_status,
        name="measure_status",
    ),
    path(
        "<uuid:family_id>/measures/<uuid:measure_id>/comment/",
        views.measure_comment,
        name="measure_comment",
    ),
    path("<uuid:family_id>/meetings/<uuid:meeting_id>/", views.meeting, name="meeting"),
    path("<uuid:family_id>/economy/", economy_views.economy, name="economy"),
]
