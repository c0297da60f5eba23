from django.urls import path

from familieplan.families.views import caseload, family, intake, referral

app_name = "families"

urlpatterns = [
    path("", caseload.caseload_view, name="list"),
    path("referral/new/", referral.referral_create, name="referral_create"),
    path("<uuid:family_id>/", family.family_detail, name="detail"),
    path("<uuid:family_id>/members/new/", family.member_form, name="member_create"),
    path("<uuid:family_id>/members/<uuid:member_id>/", family.member_form, name="member_edit"),
    path("<uuid:family_id>/addresses/new/", family.address_create, name="address_create"),
    path("<uuid:family_id>/screenings/new/", intake.screening_create, name="screening_create"),
    path(
        "<uuid:family_id>/screenings/<uuid:screening_id>/",
        intake.screening_detail,
        name="screening",
    ),
    path("<uuid:family_id>/decision/", intake.decision_create, name="decision_create"),
    path(
        "<uuid:family_id>/enrolments/<uuid:enrolment_id>/change/",
        intake.enrolment_change,
        name="enrolment_change",
    ),
    path("<uuid:family_id>/coordinator/", intake.coordinator_assign, name="coordinator_assign"),
    path(
        "<uuid:family_id>/co-coordinator/remove/",
        intake.co_coordinator_remove,
        name="co_coordinator_remove",
    ),
]
