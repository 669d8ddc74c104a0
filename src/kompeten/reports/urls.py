"""The reports' URLs, each in the namespace (and at the address) of the app whose data it shows, so that no
address or URL name changed when they moved here. kompeten.urls adds them to those apps' URL lists: the apps
themselves do not import reports."""

from django.urls import path

from kompeten.reports import views

# namespace "accounts", under /dasbor/: after the account's own pages (the role slug would catch them)
accounts_patterns = [
    path("data-saya/", views.my_data, name="my_data"),
    path("<slug:role_slug>/", views.role_dashboard, name="role_dashboard"),
]

# namespace "certificates"
certificates_patterns = [
    path("sertifikat/jadwal/<int:pk>/blanko.xlsx", views.blanko_export, name="blanko_export"),
    path("sertifikat/register.xlsx", views.register_export, name="register_export"),
    path("laporan/", views.dashboard, name="dashboard"),
]
