"""Open Badges 3.0: each certificate as a VC-JWT (RS256) signed with the LSP's key.

The issuer profile and the JWKS live at stable URLs. Rotating the key retires the old one but keeps it in
the JWKS, so credentials signed before the rotation stay verifiable. The keys are rows of the database.
"""

import base64
import datetime
import functools
import hashlib
import json
import re
from urllib.parse import quote

import jwt
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kompeten.certificates.models import Certificate, CertificateStatus, SigningKey
from kompeten.certificates.printing import verification_url
from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.models import LspProfile
from kompeten.core.services import require_perm

ALGORITHM = "RS256"
KEY_BITS = 3072
MIN_KEY_BITS = 2048
CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
MEDIA_TYPE = "application/vc+jwt"
KID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # an RFC 7638 thumbprint, base64url


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@functools.lru_cache(maxsize=16)
def _load_private(pem: str) -> rsa.RSAPrivateKey:
    """The RSA private key of a PEM text, or a DomainError saying what is wrong with it. Loading a key
    costs a fifth of a second, so each process does it once per key."""
    try:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise DomainError(_("This is not an unencrypted private key in PEM format.")) from error
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < MIN_KEY_BITS:
        raise DomainError(
            _("The signing key must be an RSA key of at least %(bits)s bits.") % {"bits": MIN_KEY_BITS}
        )
    return key


def _public_key(private_pem: str) -> rsa.RSAPublicKey:
    return _load_private(private_pem).public_key()


def public_jwk(private_pem: str) -> dict:
    """The public half as a JWK (RFC 7517) without its kid."""
    numbers = _public_key(private_pem).public_numbers()

    def encoded(value: int) -> str:
        return _b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))

    return {"kty": "RSA", "n": encoded(numbers.n), "e": encoded(numbers.e)}


def thumbprint(jwk: dict) -> str:
    """The key's RFC 7638 thumbprint: its kid, the same wherever the key is published."""
    canonical = json.dumps({name: jwk[name] for name in ("e", "kty", "n")}, separators=(",", ":"))
    return _b64url(hashlib.sha256(canonical.encode()).digest())


def _new_private_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@transaction.atomic
def signing_key_rotate(*, actor, private_pem: str = "") -> SigningKey:
    """A new signing key (generated, or the PEM given) replaces the active one, which is retired but stays
    published so that what it signed still verifies."""
    require_perm(actor, "certificates.manage_signing_keys")
    private_pem = private_pem.strip() or _new_private_pem()
    kid = thumbprint(public_jwk(private_pem))
    if SigningKey.objects.filter(kid=kid).exists():
        raise DomainError(_("This key has been used before; a rotation needs a new key."))
    retired = list(SigningKey.objects.select_for_update().filter(active=True).values_list("kid", flat=True))
    SigningKey.objects.filter(kid__in=retired).update(active=None, retired_at=timezone.now())
    key = SigningKey.objects.create(kid=kid, private_pem=private_pem + "\n")
    audit_log(
        actor=actor, code="kompeten.signing_key.rotated", obj=key, data={"kid": kid, "retired": retired}
    )
    return key


def signing_key_active() -> SigningKey:
    """The key that signs now; the first credential ever asked for creates it."""
    key = SigningKey.objects.filter(active=True).first()
    if key is not None:
        return key
    try:
        return signing_key_rotate(actor=None)
    except IntegrityError:  # another process created it at the same moment
        return SigningKey.objects.get(active=True)


def jwks() -> dict:
    """Every key the LSP ever signed with, active first: verifiers pick one by the token's kid."""
    keys = []
    for key in SigningKey.objects.order_by(F("active").desc(nulls_last=True), "-created_at"):
        keys.append({**public_jwk(key.private_pem), "kid": key.kid, "use": "sig", "alg": ALGORITHM})
    return {"keys": keys}


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def issuer_id() -> str:
    return _absolute(reverse("certificates:ob_issuer"))


def issuer_profile() -> dict:
    """The LSP as an Open Badges Profile, at the URL that is its id."""
    lsp = LspProfile.current()
    profile = {
        "@context": CONTEXT,
        "id": issuer_id(),
        "type": ["Profile"],
        "name": lsp.name,
        "url": lsp.website or _absolute("/"),
    }
    if lsp.email:
        profile["email"] = lsp.email
    return profile


def _moment(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def credential_payload(certificate: Certificate, now: datetime.datetime | None = None) -> dict:
    """The OpenBadgeCredential, the JWT's payload itself (OB 3.0 VC-JWT), with its registered claims.

    The holder is named, as on the public verification page; nothing else personal is in it."""
    now = now or timezone.now()
    valid_from = _moment(certificate.issued_on, datetime.time.min)
    valid_until = _moment(certificate.expires_on, datetime.time(23, 59, 59))
    units = "; ".join(f"{unit['code']} {unit['title']}".strip() for unit in certificate.units)
    credential_id = verification_url(certificate)
    return {
        "@context": CONTEXT,
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": LspProfile.current().name},
        "name": certificate.scheme_title,
        "validFrom": valid_from.isoformat(),
        "validUntil": valid_until.isoformat(),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": certificate.holder_name,
                }
            ],
            "achievement": {
                "id": f"{issuer_id()}#skema-{quote(certificate.scheme_code, safe='')}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": certificate.scheme_title,
                "description": f"{certificate.scheme_code} — {certificate.number}",
                "criteria": {"narrative": units or certificate.scheme_title},
            },
        },
        "iss": issuer_id(),
        "jti": credential_id,
        "nbf": int(valid_from.timestamp()),
        "iat": int(now.timestamp()),
        "exp": int(valid_until.timestamp()),
    }


def credential_jwt(*, actor, certificate: Certificate) -> str:
    """The certificate as a signed VC-JWT, for its holder or the LSP, while it is in force."""
    require_perm(actor, "certificates.view_certificate", certificate)
    if certificate.status != CertificateStatus.ACTIVE:
        raise DomainError(_("A digital credential is issued only for a certificate in force."))
    key = signing_key_active()
    return jwt.encode(
        credential_payload(certificate),
        _load_private(key.private_pem),
        algorithm=ALGORITHM,
        headers={"kid": key.kid, "typ": "JWT"},
    )


def credential_verify(token: str) -> Certificate:
    """The certificate a credential speaks of, once its signature, dates and issuer check out against the
    LSP's own keys; a forged, altered or foreign credential is a DomainError."""
    refused = DomainError(_("This credential was not issued by this LSP or has been altered."))
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except (jwt.InvalidTokenError, ValueError, AttributeError) as error:
        raise refused from error
    key = SigningKey.objects.filter(kid=kid).first() if isinstance(kid, str) and KID.fullmatch(kid) else None
    if key is None:
        raise refused
    try:
        claims = jwt.decode(
            token,
            _public_key(key.private_pem),
            algorithms=[ALGORITHM],
            issuer=issuer_id(),
            options={"require": ["iss", "jti", "nbf", "exp"]},
        )
    except jwt.ExpiredSignatureError as error:
        raise DomainError(_("This credential has passed its validity.")) from error
    except jwt.InvalidTokenError as error:
        raise refused from error
    token_part = str(claims["jti"]).rstrip("/").rsplit("/", 1)[-1]
    certificate = Certificate.objects.filter(token=token_part).first()
    if certificate is None or claims["jti"] != verification_url(certificate):
        raise refused
    return certificate
