from django.urls import path

from familieplan.plans import views

app_name = "plans"

urlpatterns = [
    path("<uuid:family_id>/", views.plan_detail, name="detail"),
    path("<uuid:family_id>/new/", views.plan_create, name="create"),
    path("<uuid:family_id>/goals/new/", views.goal_create, name="goal_create"),
    path(
        "<uuid:family_id>/goals/<uuid:goal_id>/measures/new/",
        views.measure_create,
        name="measure_create",
    ),
    path(
        "<uuid:family_id>/measures/<uuid:measure_id>/move/", views.measure_move, name="measure_move"
    ),
    path("<uuid:family_id>/agree/", views.plan_agree, name="agree"),
    path("<uuid:family_id>/edit/", views.plan_edit, name="edit"),
    path(
        "<uuid:family_id>/measures/<uuid:measure_id>/edit/", views.measure_edit, name="measure_edit"
    ),
    path("<uuid:family_id>/history/", views.plan_history, name="history"),
    path("<uuid:family_id>/this-week/", views.this_week, name="this_week"),
    path("<uuid:family_id>/print/", views.plan_print, name="print"),
    path("<uuid:family_id>/reviews/new/", views.review_create, name="review_create"),
    path("<uuid:family_id>/goals/<uuid:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path(
        "<uuid:family_id>/measures/<uuid:measure_id>/reopen/",
        views.measure_reopen,
        name="measure_reopen",
    ),
]
