from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic demo data. Sits on top of every other app; nothing imports it."""

    name = "familieplan.demo"
    label = "demo"
    verbose_name = "Demo"
