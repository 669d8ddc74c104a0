from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompeten.cases.models import Case


class Decision(models.Model):
    """The technical committee's decision on one case (rapat pleno), taken by a member not involved in it."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="decision")
    competent = models.BooleanField(_("competent"))
    reason = models.TextField(_("reason"), blank=True)
    not_yet_competent_units = models.JSONField(
        default=list
    )  # unit ids the candidate must be assessed on again
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")

    def __str__(self) -> str:
        return f"{self.case.reference}: {'K' if self.competent else 'BK'}"
