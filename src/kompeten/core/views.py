from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kompeten.core.audit import audit_events_for
from kompeten.core.forms import LspProfileForm
from kompeten.core.models import LspProfile, Notification
from kompeten.core.services import LSP_PROFILE_FIELDS, lsp_profile_update


@login_required
def lsp_profile_edit(request):
    profile = LspProfile.current()
    if not request.user.has_perm("core.change_lspprofile", profile):
        raise PermissionDenied
    form = LspProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in LSP_PROFILE_FIELDS}
        if not fields["logo"]:  # None: there was none; False: the "clear" box was ticked
            fields["logo"] = ""
        lsp_profile_update(actor=request.user, **fields)
        messages.success(request, _("The LSP profile is saved."))
        return redirect("core:lsp_profile_edit")
    events = audit_events_for(profile) if profile.pk else []
    return render(request, "core/lsp_profile_form.html", {"form": form, "events": events})


def lsp_logo(request):
    """The LSP's logo is public: it appears on the landing page and on every form."""
    profile = LspProfile.current()
    if not profile.logo:
        raise Http404
    return FileResponse(profile.logo.open("rb"))


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_required
def notifications(request):
    """The signed-in person's notifications, newest first; opening the page marks them read."""
    items = list(Notification.objects.filter(user=request.user)[:100])
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "core/notifications.html", {"items": items})
