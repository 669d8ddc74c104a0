from django.urls import path

from kompeten.core import views

app_name = "core"
urlpatterns = [
    path("lsp/profil/", views.lsp_profile_edit, name="lsp_profile_edit"),
    path("lsp/logo/", views.lsp_logo, name="lsp_logo"),
    path("pemberitahuan/", views.notifications, name="notifications"),
]
