from django.core.management.base import BaseCommand

from kompeten.certificates.lifecycle import certificates_daily


class Command(BaseCommand):
    help = "Expire certificates past their validity and remind holders whose certificate expires soon (run daily)."

    def handle(self, *args, **options):
        done = certificates_daily()
        self.stdout.write(f"expired: {done['expired']}, reminded: {done['reminded']}")
