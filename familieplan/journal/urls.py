from django.urls import path

from familieplan.journal import quick_note_views, views

app_name = "journal"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("time/", views.time_overview, name="time_overview"),
    path("<uuid:family_id>/", views.family_timeline, name="timeline"),
    path("<uuid:family_id>/contacts/new/", views.contact_create, name="contact_create"),
    path("<uuid:family_id>/notes/new/", views.note_create, name="note_create"),
    path("<uuid:family_id>/quick-note/", quick_note_views.quick_note, name="quick_note"),
    path("<uuid:family_id>/notes/<uuid:note_id>/correct/", views.note_correct, name="note_correct"),
    path("<uuid:family_id>/time/new/", views.time_create, name="time_create"),
]
