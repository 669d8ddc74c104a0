from django.urls import path

from kompeten.assessments import conduct_views as run
from kompeten.assessments import plan_views as plans
from kompeten.assessments import tuk_views, views

app_name = "assessments"
urlpatterns = [
    path("jadwal/", views.session_list, name="sessions"),
    path("tuk/", tuk_views.tuk_list, name="tuks"),
    path("tuk/<int:pk>/", tuk_views.tuk_detail, name="tuk"),
    path("jadwal/<int:pk>/", views.session_detail, name="session"),
    path("jadwal/<int:pk>/peserta/", views.participant_add, name="participant_add"),
    path("jadwal/<int:pk>/pernyataan/", views.assessor_declare, name="declare"),
    path("jadwal/<int:pk>/surat-tugas.pdf", views.assignment_letter, name="assignment_letter"),
    path("skema/<int:scheme_pk>/bank-soal/", views.question_bank, name="question_bank"),
    path("skema/<int:scheme_pk>/mapa/", plans.plan_list, name="plans"),
    path("mapa/<int:pk>/", plans.plan_page, name="plan"),
    path("mapa/<int:pk>/terbitkan/", plans.plan_publish, name="plan_publish"),
    path("mapa/<int:pk>/<str:form>.pdf", plans.plan_pdf, name="plan_pdf"),
    path("jadwal/<int:pk>/ak-05/", views.session_report, name="session_report"),
    path("jadwal/<int:pk>/cetak-ak-02/", views.session_print, name="session_print"),
    path("jadwal/<int:pk>/fr-ak-05.pdf", views.session_report_pdf, name="session_report_pdf"),
    path("jadwal/<int:pk>/ak-06/", views.process_review, name="process_review"),
    path("jadwal/<int:pk>/validasi/", views.validation, name="validation"),
    path("jadwal/<int:pk>/master-asesor/", views.master_designate, name="master_designate"),
    path(
        "jadwal/<int:pk>/validasi/<int:validation_pk>/tandatangan/",
        views.validation_cosign,
        name="validation_cosign",
    ),
    path("jadwal/<int:pk>/dokumen/<str:form>.pdf", views.session_form_pdf, name="session_form_pdf"),
    path("asesmen/<int:pk>/", run.participant_page, name="participant"),
    path("asesmen/<int:pk>/ak-03/", run.feedback_submit, name="feedback"),
    path("asesmen/<int:pk>/ia-10/", run.third_party_request, name="third_party_request"),
    path("pihak-ketiga/<str:token>/", run.third_party_page, name="third_party"),
    path("asesmen/<int:pk>/<str:form>.pdf", run.participant_form_pdf, name="form_pdf"),
    path("asesmen/<int:pk>/ak-01/", run.consent_propose, name="consent_propose"),
    path("asesmen/<int:pk>/ak-01/setuju/", run.consent_confirm, name="consent_confirm"),
    path("asesmen/<int:pk>/ak-07/", run.adjustment_record, name="adjustment_record"),
    path("asesmen/<int:pk>/ak-07/setuju/", run.adjustment_confirm, name="adjustment_confirm"),
    path("asesmen/<int:pk>/instrumen/<str:kind>/", run.instrument_page, name="instrument"),
    path("asesmen/<int:pk>/instrumen/<str:kind>/simpan/", run.instrument_save, name="instrument_save"),
    path(
        "asesmen/<int:pk>/instrumen/<str:kind>/selesai/", run.instrument_conclude, name="instrument_conclude"
    ),
    path(
        "asesmen/<int:pk>/instrumen/<str:kind>/konfirmasi/",
        run.instrument_acknowledge,
        name="instrument_acknowledge",
    ),
    path("asesmen/<int:pk>/ia-05/buka/", run.test_open, name="test_open"),
    path("asesmen/<int:pk>/ak-02/", run.record_sign, name="record_sign"),
    path("asesmen/<int:pk>/ak-02/setuju/", run.record_acknowledge, name="record_acknowledge"),
    path("ujian/<int:pk>/", run.test_page, name="test"),
    path("ujian/<int:pk>/jawab/", run.test_answer, name="test_answer"),
    path("ujian/<int:pk>/kumpulkan/", run.test_submit, name="test_submit"),
]
