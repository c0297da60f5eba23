from django.urls import path

from familieplan.economy import scenario_views, views

app_name = "economy"

urlpatterns = [
    path("<uuid:family_id>/", views.economy_overview, name="overview"),
    path("<uuid:family_id>/month/", views.economy_month, name="month"),
    path("<uuid:family_id>/history/", views.economy_history, name="history"),
    path("<uuid:family_id>/balance/", views.balance_form, name="balance"),
    path(
        "<uuid:family_id>/suggestions/measure/",
        views.suggestion_measure,
        name="suggestion_measure",
    ),
    path("<uuid:family_id>/scenarios/new/", scenario_views.scenario_create, name="scenario_new"),
    path(
        "<uuid:family_id>/scenarios/<uuid:scenario_id>/",
        scenario_views.scenario_detail,
        name="scenario",
    ),
    path(
        "<uuid:family_id>/scenarios/<uuid:scenario_id>/changes/",
        scenario_views.scenario_change_add,
        name="scenario_change_add",
    ),
    path(
        "<uuid:family_id>/scenarios/<uuid:scenario_id>/changes/<uuid:change_id>/remove/",
        scenario_views.scenario_change_remove,
        name="scenario_change_remove",
    ),
    # Last: `kind` would also match the words above (scenarios, suggestions).
    path("<uuid:family_id>/<slug:kind>/new/", views.row_form, name="row_new"),
    path("<uuid:family_id>/<slug:kind>/<uuid:row_id>/", views.row_form, name="row_edit"),
    path("<uuid:family_id>/<slug:kind>/<uuid:row_id>/remove/", views.row_remove, name="row_remove"),
]
