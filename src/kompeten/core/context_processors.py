from kompeten.core.models import LspProfile, Notification


def kompeten(request):
    context = {"lsp": LspProfile.current()}
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        context["unread_notifications"] = Notification.objects.filter(
            user=request.user, read_at__isnull=True
        ).count()
    return context
