from kompeten.accounts.models import Role
from kompeten.core.models import LspProfile, Notification


def kompeten(request):
    context = {"lsp": LspProfile.current()}
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        context["unread_notifications"] = Notification.objects.filter(
            user=request.user, read_at__isnull=True
        ).count()
        user = request.user
        context["runs_a_tuk"] = user.has_role(Role.ADMIN_TUK) and user.tuks.exists()
    return context
