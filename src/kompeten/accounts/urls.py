from django.urls import path

from kompeten.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profil/", views.applicant_profile, name="applicant_profile"),
    path("data-saya/", views.my_data, name="my_data"),
    path("data-saya/koreksi/", views.correction_request, name="correction_request"),
    path("<slug:role_slug>/", views.role_dashboard, name="role_dashboard"),
]
