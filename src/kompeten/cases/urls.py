from django.urls import path

from kompeten.cases import views

app_name = "cases"
# and the case's FR.APL.01 and FR.APL.02 as PDF: kompeten.documents.urls, added in kompeten.urls
urlpatterns = [
    path("permohonan/", views.my_cases, name="mine"),
    path("permohonan/baru/<int:scheme_pk>/", views.case_new, name="new"),
    path("permohonan/<int:pk>/", views.case_detail, name="detail"),
    path("permohonan/<int:pk>/dokumen/<int:requirement_pk>/", views.document_upload, name="document_upload"),
    path("permohonan/<int:pk>/ajukan/", views.case_submit, name="submit"),
    path("permohonan/<int:pk>/verifikasi/", views.case_verify, name="verify"),
    path("permohonan/<int:pk>/berkas/<int:evidence_pk>/", views.evidence_file, name="evidence_file"),
    path("permohonan/<int:pk>/apl-02/", views.apl02, name="apl02"),
    path("permohonan/<int:pk>/apl-02/elemen/<int:element_pk>/", views.apl02_save, name="apl02_save"),
    path("permohonan/<int:pk>/apl-02/bukti/", views.apl02_evidence, name="apl02_evidence"),
    path("permohonan/<int:pk>/apl-02/ajukan/", views.apl02_submit, name="apl02_submit"),
    path("permohonan/<int:pk>/asesor/", views.asesor_assign, name="assign"),
    path("permohonan/<int:pk>/tinjauan/", views.apl02_review, name="review"),
    path("verifikasi/", views.verification_queue, name="queue"),
]
