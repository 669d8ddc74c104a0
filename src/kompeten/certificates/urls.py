from django.urls import path

from kompeten.certificates import appeal_views, credential_views, views

app_name = "certificates"
# and the reports of certificates (laporan, Excel exports): kompeten.reports.urls, added in kompeten.urls
urlpatterns = [
    # public verification first: the busiest addresses of the site, matched before any other
    path("api/verifikasi/<str:token>/", views.verify_api, name="verify_api"),
    path("verifikasi/<str:token>/", views.verify, name="verify"),
    path("keputusan/", views.committee_sessions, name="sessions"),
    path("keputusan/<int:pk>/", views.session_decisions, name="session"),
    path("keputusan/<int:pk>/peserta/<int:participant_pk>/", views.decide, name="decide"),
    path("keputusan/<int:pk>/sk.pdf", views.decision_letter, name="decision_letter"),
    path("sertifikat/", views.certificate_list, name="list"),
    path("sertifikat/terbitkan/<int:case_pk>/", views.certificate_issue, name="issue"),
    path("sertifikat/jadwal/<int:pk>/", views.session_certificates, name="session_certificates"),
    path("sertifikat/impor/", views.legacy_import_page, name="legacy_import"),
    path("sertifikat/impor/templat.xlsx", views.legacy_template, name="legacy_template"),
    path("sertifikat/<int:pk>/", views.certificate_detail, name="detail"),
    path("sertifikat/<int:pk>/status/", views.certificate_status, name="status"),
    path("sertifikat/<int:pk>/blanko/", views.certificate_blanko, name="blanko"),
    path("sertifikat/<int:pk>/pdf/", views.certificate_pdf, name="pdf"),
    path("sertifikat/<int:pk>/sertifikasi-ulang/", views.recertification, name="recertification"),
    path("sertifikat/<int:pk>/logbook/", views.logbook_submit, name="logbook_submit"),
    path("sertifikat/logbook/<int:log_pk>/tinjau/", views.logbook_review, name="logbook_review"),
    path("sertifikat/logbook/<int:log_pk>/berkas/", views.logbook_file, name="logbook_file"),
    path("sertifikat/<int:pk>/kredensial.jwt", credential_views.credential_download, name="credential"),
    path("banding/", appeal_views.appeal_list, name="appeals"),
    path("banding/ajukan/<int:case_pk>/", appeal_views.appeal_submit, name="appeal_submit"),
    path("banding/<int:pk>/", appeal_views.appeal_detail, name="appeal"),
    path("banding/<int:pk>/panel/", appeal_views.appeal_panel, name="appeal_panel"),
    path("banding/<int:pk>/sidang/", appeal_views.appeal_hearing, name="appeal_hearing"),
    path("banding/<int:pk>/putusan/", appeal_views.appeal_decide, name="appeal_decide"),
    path("banding/<int:pk>/fr-ak-04.pdf", appeal_views.appeal_pdf, name="appeal_pdf"),
    path("pengaduan/", appeal_views.complaint_new, name="complaint_new"),
    path("pengaduan/lacak/<str:code>/", appeal_views.complaint_track, name="complaint_track"),
    path("pengaduan/kelola/", appeal_views.complaint_list, name="complaint_list"),
    path("pengaduan/kelola/<int:pk>/", appeal_views.complaint_manage, name="complaint_manage"),
    path("cek-sertifikat/", views.verify_lookup, name="lookup"),
    path("cek-kredensial/", credential_views.credential_check, name="credential_check"),
    path("ob/penerbit/", credential_views.issuer, name="ob_issuer"),
    path(".well-known/jwks.json", credential_views.jwks, name="jwks"),
]
