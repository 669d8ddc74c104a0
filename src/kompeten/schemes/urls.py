from django.urls import path

from kompeten.schemes import views

app_name = "schemes"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("skema/<int:pk>/", views.scheme_detail, name="detail"),
    path("skema/<int:pk>/aktifkan/", views.scheme_activate_view, name="activate"),
    path("skema/<int:pk>/pensiunkan/", views.scheme_retire_view, name="retire"),
    path("skema/<int:pk>/unit/<int:unit_pk>/tetapkan/", views.scheme_unit_resolve_view, name="unit_resolve"),
]
