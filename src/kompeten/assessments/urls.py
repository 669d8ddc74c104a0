from django.urls import path

from kompeten.assessments import views

app_name = "assessments"
urlpatterns = [
    path("jadwal/", views.session_list, name="sessions"),
    path("jadwal/<int:pk>/", views.session_detail, name="session"),
    path("jadwal/<int:pk>/peserta/", views.participant_add, name="participant_add"),
    path("jadwal/<int:pk>/pernyataan/", views.assessor_declare, name="declare"),
    path("jadwal/<int:pk>/surat-tugas.pdf", views.assignment_letter, name="assignment_letter"),
]
