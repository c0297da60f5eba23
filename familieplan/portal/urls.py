from django.urls import path

from familieplan.portal import action_views, economy_feed_views, economy_views, staff_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("plan/", views.plan, name="plan"),
    path("meetings/", views.meetings, name="meetings"),
    path("record/", views.record, name="record"),
    path("progress/", views.progress, name="progress"),
    path("consents/", views.consents, name="consents"),
    path("access-log/", views.access_log, name="access_log"),
    path("copy/", views.download, name="copy"),
    path("more/<slug:key>/", views.app_page, name="app_page"),
    path("economy/", economy_views.economy_month, name="economy"),
    path("economy/overview/", economy_views.economy_overview, name="economy_overview"),
    path("economy/balance/", economy_views.balance_form, name="economy_balance"),
    path("economy/calendar/", economy_feed_views.calendar_settings, name="economy_calendar"),
    path("economy/feed/<str:token>.ics", economy_feed_views.money_feed, name="economy_feed"),
    path("economy/<slug:kind>/new/", economy_views.row_form, name="economy_row_new"),
    path("economy/<slug:kind>/<uuid:row_id>/", economy_views.row_form, name="economy_row_edit"),
    path("plan/propose/", action_views.propose, name="propose"),
    path("plan/agree/", action_views.plan_agree, name="agree"),
    path("plan/goals/<uuid:goal_id>/comment/", action_views.goal_comment, name="goal_comment"),
    path(
        "plan/measures/<uuid:measure_id>/comment/",
        action_views.measure_comment,
        name="measure_comment",
    ),
    path("plan/measures/<uuid:measure_id>/done/", action_views.measure_done, name="measure_done"),
    path("consents/new/", action_views.consent_give, name="consent_give"),
    path(
        "consents/<uuid:consent_id>/withdraw/",
        action_views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "staff/<uuid:family_id>/proposals/<uuid:proposal_id>/answer/",
        staff_views.answer,
        name="answer",
    ),
    path(
        "mapping/<uuid:assessment_id>/<slug:instrument_key>/",
        action_views.questionnaire,
        name="questionnaire",
    ),
]
