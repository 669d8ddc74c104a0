from django.core.management.base import BaseCommand

from kompeten.certificates.lifecycle import certificates_daily


class Command(BaseCommand):
    help = "Expire certificates, remind holders before expiry and warn of overdue surveillance (run daily)."

    def handle(self, *args, **options):
        done = certificates_daily()
        self.stdout.write(
            f"expired: {done['expired']}, reminded: {done['reminded']}, "
            f"surveillance warned: {done['surveillance_warned']}"
        )
