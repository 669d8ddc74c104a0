from django.urls import path

from kompeten.core import import_views, views

app_name = "core"
urlpatterns = [
    path("lsp/profil/", views.lsp_profile_edit, name="lsp_profile_edit"),
    path("lsp/logo/", views.lsp_logo, name="lsp_logo"),
    path("pemberitahuan/", views.notifications, name="notifications"),
    path("impor-excel/<int:pk>/", import_views.workbook_import, name="workbook_import"),
    path(
        "impor-excel/<int:pk>/progres/",
        import_views.workbook_import_progress,
        name="workbook_import_progress",
    ),
    path("impor-excel/<int:pk>/batal/", import_views.workbook_import_cancel, name="workbook_import_cancel"),
]
