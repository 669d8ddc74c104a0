"""TUK pages: an Admin TUK keeps their own site's details and sees its verifications and sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kompeten.assessments import services
from kompeten.assessments.forms import TukForm
from kompeten.assessments.models import Tuk
from kompeten.core.access import get_object_for_user
from kompeten.core.errors import DomainError


def managed_tuks(user):
    """Every TUK for the LSP's managers, and their own for a TUK's admins."""
    tuks = Tuk.objects.order_by("name")
    if user.has_perm("assessments.view_tuk"):
        return tuks
    return tuks.filter(admins=user)


@login_required
def tuk_list(request):
    tuks = managed_tuks(request.user)
    if not request.user.has_perm("assessments.view_tuk") and not tuks.exists():
        raise PermissionDenied
    return render(request, "assessments/tuk_list.html", {"tuks": tuks})


@login_required
def tuk_detail(request, pk: int):
    tuk = get_object_for_user(request.user, Tuk.objects.all(), "assessments.change_tuk", pk=pk)
    form = TukForm(request.POST or None, instance=Tuk.objects.get(pk=tuk.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.tuk_update(
                actor=request.user,
                tuk=tuk,
                **{name: form.cleaned_data[name] for name in services.TUK_EDITABLE},
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The TUK details are saved."))
            return redirect("assessments:tuk", pk=tuk.pk)
    context = {
        "tuk": tuk,
        "form": form,
        "verifications": tuk.verifications.select_related("verified_by").order_by("-valid_until"),
        "sessions": tuk.sessions.select_related("scheme")
        .filter(ends_at__gte=timezone.now())
        .order_by("starts_at")[:50],
        "today": timezone.localdate(),
    }
    return render(request, "assessments/tuk_detail.html", context)
