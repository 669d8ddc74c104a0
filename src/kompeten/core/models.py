from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One thing that happened, appended by a service and never changed or removed.

    Updates and deletes are refused by database triggers (see migration 0002), not only by the ORM.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    code = models.CharField(_("event"), max_length=100, db_index=True)
    object_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, null=True, blank=True
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.code} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")

    @property
    def description(self) -> str:
        from kompeten.core.audit import describe_event

        return describe_event(self)


class LspProfile(models.Model):
    """The certification body itself: one record, used by every form and certificate."""

    SINGLETON_ID = 1

    name = models.CharField(_("name"), max_length=200)
    bnsp_licence_number = models.CharField(_("BNSP licence number"), max_length=100, blank=True)
    licence_valid_until = models.DateField(_("licence valid until"), null=True, blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="lsp/", blank=True)
    head_name = models.CharField(_("head (Ketua) name"), max_length=200, blank=True)
    head_title = models.CharField(_("head's title"), max_length=100, default="Ketua", blank=True)

    class Meta:
        verbose_name = _("LSP profile")
        verbose_name_plural = _("LSP profile")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="lsp_profile_is_a_singleton"),
        ]

    def __str__(self) -> str:
        return self.name

    CACHE_KEY = "kompeten:lsp-profile"
    CACHE_SECONDS = 60  # other processes see a change within a minute; this one at once

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        caches["local"].delete(self.CACHE_KEY)

    @classmethod
    def current(cls) -> "LspProfile":
        """The LSP's profile (read on every page, so briefly cached), or a blank one before it is set up."""
        profile = caches["local"].get(cls.CACHE_KEY)
        if profile is None:
            profile = cls.objects.filter(pk=cls.SINGLETON_ID).first() or cls(
                pk=cls.SINGLETON_ID, name="Lembaga Sertifikasi Profesi"
            )
            caches["local"].set(cls.CACHE_KEY, profile, cls.CACHE_SECONDS)
        return profile


class Notification(models.Model):
    """A message to one person about something that concerns them; also sent by e-mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.CharField(_("message"), max_length=500)
    link = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return self.text


class Counter(models.Model):
    """One row per numbering sequence (``certificate:2026``, ``case:2026`` …), locked while a number is drawn
    (``core.counters``): no duplicates, no gaps, however many are drawn at once."""

    key = models.CharField(max_length=80, unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"


class WorkerHeartbeat(models.Model):
    """A background worker that is alive: it renews ``beat_at`` while it runs (``core.worker``). A task left
    running by a worker whose heartbeat went stale (or whose process is gone) is taken back by the next one."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("background worker")
        verbose_name_plural = _("background workers")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"


from kompeten.core.import_jobs import WorkbookImport  # noqa: E402, F401 - background Excel imports
