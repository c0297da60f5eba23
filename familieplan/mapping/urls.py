from django.urls import path

from familieplan.mapping import figures_views, views

app_name = "mapping"

urlpatterns = [
    path("figures/", figures_views.programme_figures, name="figures"),
    path("<uuid:family_id>/", views.family_mapping, name="family"),
    path("<uuid:family_id>/print/", views.family_progress_print, name="print"),
    path("<uuid:family_id>/<uuid:assessment_id>/", views.assessment_detail, name="assessment"),
    path(
        "<uuid:family_id>/<uuid:assessment_id>/<slug:instrument_key>/<str:target>/",
        views.response_fill,
        name="fill",
    ),
]
