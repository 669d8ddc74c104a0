from django.urls import path

from kompeten.certificates import views

app_name = "certificates"
urlpatterns = [
    path("keputusan/", views.committee_sessions, name="sessions"),
    path("keputusan/<int:pk>/", views.session_decisions, name="session"),
    path("keputusan/<int:pk>/peserta/<int:participant_pk>/", views.decide, name="decide"),
    path("keputusan/<int:pk>/sk.pdf", views.decision_letter, name="decision_letter"),
    path("sertifikat/", views.certificate_list, name="list"),
    path("sertifikat/terbitkan/<int:case_pk>/", views.certificate_issue, name="issue"),
    path("sertifikat/jadwal/<int:pk>/", views.session_certificates, name="session_certificates"),
    path("sertifikat/jadwal/<int:pk>/blanko.xlsx", views.blanko_export, name="blanko_export"),
    path("sertifikat/register.xlsx", views.register_export, name="register_export"),
    path("sertifikat/<int:pk>/", views.certificate_detail, name="detail"),
    path("sertifikat/<int:pk>/status/", views.certificate_status, name="status"),
    path("sertifikat/<int:pk>/blanko/", views.certificate_blanko, name="blanko"),
    path("sertifikat/<int:pk>/pdf/", views.certificate_pdf, name="pdf"),
    path("sertifikat/<int:pk>/sertifikasi-ulang/", views.recertification, name="recertification"),
    path("sertifikat/<int:pk>/logbook/", views.logbook_submit, name="logbook_submit"),
    path("sertifikat/logbook/<int:log_pk>/tinjau/", views.logbook_review, name="logbook_review"),
    path("sertifikat/logbook/<int:log_pk>/berkas/", views.logbook_file, name="logbook_file"),
    path("cek-sertifikat/", views.verify_lookup, name="lookup"),
    path("verifikasi/<str:token>/", views.verify, name="verify"),
    path("api/verifikasi/<str:token>/", views.verify_api, name="verify_api"),
]
