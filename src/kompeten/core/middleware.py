from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class LanguageMiddleware:
    """Bahasa Indonesia unless the visitor chose another language with the switch (the language cookie).

    Unlike Django's LocaleMiddleware the browser's Accept-Language is ignored: an LSP's forms and
    pages are Indonesian by default, whatever language the device happens to be set to.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class RefuseNulMiddleware:
    """A NUL character has no place in an address or a typed field, and PostgreSQL refuses to store or even
    compare it: such a request is answered 400 with a clear message instead of failing deep inside."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in value
            for data in (request.GET, request.POST)
            for _name, values in data.lists()
            for value in values
        ):
            return HttpResponseBadRequest(
                _("The request holds a character that is not allowed (NUL); remove it and try again."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """A Content-Security-Policy on every answer (``KOMPETEN_CSP``): scripts, styles and everything else only
    from Kompeten itself, no inline script. Django's admin, which writes inline scripts and styles, gets
    ``KOMPETEN_ADMIN_CSP``. Also a Permissions-Policy: no camera, microphone or location."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        admin = request.path.startswith("/admin/")
        policy = settings.KOMPETEN_ADMIN_CSP if admin else settings.KOMPETEN_CSP
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response
