from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from kompeten.accounts import views as accounts_views
from kompeten.core import views as core_views

admin.site.site_header = _("Kompeten administration")
admin.site.site_title = _("Kompeten")
admin.site.index_title = _("LSP administration")

urlpatterns = [
    path("", include("kompeten.certificates.urls")),  # first: public verification is the busiest address
    path("", include("kompeten.schemes.urls")),
    path("", include("kompeten.core.urls")),
    path("", include("kompeten.standards.urls")),
    path("", include("kompeten.cases.urls")),
    path("", include("kompeten.assessments.urls")),
    path("dasbor/", include("kompeten.accounts.urls")),
    path("akun/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # before the admin's own: its sign-in would skip the rate limit and the second factor
    path("admin/login/", accounts_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
]

handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
