from django.apps import AppConfig


class ExtensionAppConfig(AppConfig):
    name = "tests.extension_app"
    label = "extension_app"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from familieplan.core import extensions
        from tests.extension_app.extension import extension

        extensions.register(extension())
