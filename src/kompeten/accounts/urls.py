from django.urls import path

from kompeten.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:role_slug>/", views.role_dashboard, name="role_dashboard"),
]
