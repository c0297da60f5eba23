from django.urls import path

from familieplan.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("email/", views.preferences, name="preferences"),
    path("read/", views.read_all, name="read_all"),
    path("<uuid:notification_id>/open/", views.notification_open, name="open"),
    path("<uuid:notification_id>/read/", views.notification_read, name="read"),
    path("families/<uuid:family_id>/read/", views.family_read, name="read_family"),
]
