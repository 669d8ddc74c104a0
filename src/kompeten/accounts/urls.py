from django.urls import path

from kompeten.accounts import views

app_name = "accounts"
# and the person's data download and each role's dashboard (/dasbor/data-saya/, /dasbor/<role>/):
# kompeten.reports.urls, added after these in kompeten.urls
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profil/", views.applicant_profile, name="applicant_profile"),
    path("data-saya/koreksi/", views.correction_request, name="correction_request"),
]
