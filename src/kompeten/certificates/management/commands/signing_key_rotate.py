import pathlib

from django.core.management.base import BaseCommand, CommandError

from kompeten.certificates.credentials import signing_key_rotate
from kompeten.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Replace the key that signs Open Badges credentials (a new RSA key, or one from a PEM file). "
        "The old key stays in the JWKS, so credentials it signed still verify."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from-file", type=pathlib.Path, help="an unencrypted RSA private key (PEM)")

    def handle(self, *args, from_file=None, **options):
        try:
            pem = from_file.read_text() if from_file else ""
            key = signing_key_rotate(actor=None, private_pem=pem)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {from_file}: {error}") from error
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"signing key: {key.kid}")
