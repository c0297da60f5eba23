from django.urls import path

from tests.extension_app import views

app_name = "extension_app"

urlpatterns = [path("<uuid:family_id>/", views.outing_list, name="list")]
