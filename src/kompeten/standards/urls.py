from django.urls import path

from kompeten.standards import views

app_name = "standards"
urlpatterns = [
    path("impor/", views.import_list, name="import_list"),
    path("impor/<int:pk>/", views.import_detail, name="import_detail"),
    path("impor/<int:pk>/progres/", views.import_progress, name="import_progress"),
    path("impor/<int:pk>/konfirmasi/", views.import_confirm, name="import_confirm"),
    path("impor/<int:pk>/batal/", views.import_cancel, name="import_cancel"),
]
