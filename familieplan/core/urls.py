from django.urls import path

from familieplan.core.views import access_log, health, home, language

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    path("access-log/", access_log.access_log, name="access_log"),
    path("language/", language.set_language, name="set_language"),
    path("health/", health.health, name="health"),
]
