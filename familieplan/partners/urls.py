from django.urls import path

from familieplan.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.partner_form, name="create"),
    path("<uuid:partner_id>/", views.partner_detail, name="detail"),
    path("<uuid:partner_id>/edit/", views.partner_form, name="edit"),
    path("<uuid:partner_id>/contacts/new/", views.contact_create, name="contact_create"),
    path("families/<uuid:family_id>/consents/", views.family_consents, name="consents"),
    path("families/<uuid:family_id>/consents/new/", views.consent_create, name="consent_create"),
    path(
        "families/<uuid:family_id>/consents/<uuid:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "families/<uuid:family_id>/consents/<uuid:consent_id>/document/",
        views.consent_document,
        name="consent_document",
    ),
]
