"""The documents' URLs, in the namespace and at the addresses of the case they print (kompeten.urls adds them
to the cases' URL list: cases does not import documents)."""

from django.urls import path

from kompeten.documents import views

# namespace "cases"
cases_patterns = [
    path("permohonan/<int:pk>/fr-apl-01.pdf", views.fr_apl_01, name="fr_apl_01"),
    path("permohonan/<int:pk>/fr-apl-02.pdf", views.fr_apl_02, name="fr_apl_02"),
]
