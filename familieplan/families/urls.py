from django.urls import path

from familieplan.families import views

app_name = "families"

urlpatterns = [
    path("", views.family_list, name="list"),
    path("<uuid:family_id>/", views.family_detail, name="detail"),
]
