from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from kompeten.accounts import urls as accounts_urls
from kompeten.accounts import views as accounts_views
from kompeten.cases import urls as cases_urls
from kompeten.certificates import urls as certificates_urls
from kompeten.core import views as core_views
from kompeten.documents import urls as documents_urls
from kompeten.reports import urls as reports_urls

admin.site.site_header = _("Kompeten administration")
admin.site.site_title = _("Kompeten")
admin.site.index_title = _("LSP administration")

urlpatterns = [
    # first: public verification is the busiest address. The reports (kompeten.reports) keep the addresses
    # and names of the apps whose data they show, without those apps importing them.
    path("", include((certificates_urls.urlpatterns + reports_urls.certificates_patterns, "certificates"))),
    path("", include("kompeten.schemes.urls")),
    path("", include("kompeten.core.urls")),
    path("", include("kompeten.standards.urls")),
    path("", include((cases_urls.urlpatterns + documents_urls.cases_patterns, "cases"))),
    path("", include("kompeten.assessments.urls")),
    path("dasbor/", include((accounts_urls.urlpatterns + reports_urls.accounts_patterns, "accounts"))),
    path("akun/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # before the admin's own: its sign-in would skip the rate limit and the second factor
    path("admin/login/", accounts_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
]

handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
