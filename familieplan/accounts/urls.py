from django.urls import path

from familieplan.accounts import audit_views, oidc, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("family/login/", views.FamilyLoginView.as_view(), name="family_login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("settings/", views.user_settings, name="settings"),
    path("admin-log/", audit_views.admin_log, name="admin_log"),
    path("oidc/start/", oidc.oidc_start, name="oidc_start"),
    path("oidc/callback/", oidc.oidc_callback, name="oidc_callback"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
