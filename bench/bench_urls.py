"""The product's URLs and one bare view: the floor a request costs through the same server and middleware;
and a middleware telling in a header how many SQL queries an answer cost."""

from django.db import connection
from django.http import JsonResponse
from django.urls import include, path

# Shaped like a verification answer, so that both responses carry about as many bytes.
BARE_ANSWER = {
    "found": True,
    "status": "active",
    "number": "SKM/BENCH/001/2026/00001/2026",
    "registration_number": "REG-2026-000001",
    "holder": "Asesi Bench",
    "scheme": {"code": "SKM/BENCH/001/2026", "title": "Skema Bench"},
    "issued_on": "2026-01-01",
    "expires_on": "2029-01-01",
}


def bare(request):
    return JsonResponse(BARE_ANSWER)


def count_queries(get_response):
    """``X-Bench-Queries``: the queries run while answering, the session's and the user's included."""

    def middleware(request):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = get_response(request)
        response["X-Bench-Queries"] = str(count)
        return response

    return middleware


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("kompeten.urls")),
]

handler403 = "kompeten.core.views.permission_denied"
handler404 = "kompeten.core.views.page_not_found"
