from django.urls import path

from familieplan.core.views import access_log, drafts, health, home, language, session

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    path("access-log/", access_log.access_log, name="access_log"),
    path("language/", language.set_language, name="set_language"),
    path("health/", health.health, name="health"),
    path("session/keep-alive/", session.keep_alive, name="keep_alive"),
    path("drafts/<str:draft_form>/<uuid:object_id>/", drafts.draft_save, name="draft_save"),
    path(
        "drafts/<str:draft_form>/<uuid:object_id>/discard/",
        drafts.draft_discard,
        name="draft_discard",
    ),
]
