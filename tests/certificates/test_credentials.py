"""Open Badges 3.0: the certificate as a VC-JWT signed by the LSP's key, checked by an independent verifier
(openbadgeslib), with the issuer profile and JWKS at stable URLs and key rotation that keeps old credentials
verifiable."""

import base64
import json
import re

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier

from kompeten.certificates import credentials, lifecycle, services
from kompeten.certificates.models import SigningKey
from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from tests.certificates.test_issuing import competent_case

NOT_OURS = "Kredensial ini tidak diterbitkan oleh LSP ini atau telah diubah."
ONLY_IN_FORCE = "Kredensial digital hanya untuk sertifikat yang berlaku."


@pytest.fixture(autouse=True)
def quick_keys(monkeypatch):
    monkeypatch.setattr(
        credentials, "KEY_BITS", 2048
    )  # generating 3072-bit keys is slow and adds nothing here


@pytest.fixture
def certificate(cast, scheme):
    return services.certificate_issue(actor=cast.admin_lsp, case=competent_case(scheme, 1))


def holder_of(certificate):
    return certificate.case.asesi


def public_pem(client, kid: str) -> bytes:
    """The verifier's view: the key comes from the published JWKS, not from Kompeten's internals."""
    published = client.get(reverse("certificates:jwks")).json()["keys"]
    jwk = next(key for key in published if key["kid"] == kid)
    public = jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(jwk))
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def kid_of(token: str) -> str:
    return jwt.get_unverified_header(token)["kid"]


def test_the_credential_passes_the_independent_verifier_with_the_published_key(client, cast, certificate):
    token = credentials.credential_jwt(actor=holder_of(certificate), certificate=certificate)
    assert jwt.get_unverified_header(token)["alg"] == "RS256"
    verified = OB3Verifier(pubkey_pem=public_pem(client, kid_of(token))).verify(token)
    assert verified.issuer.id == "http://127.0.0.1:8000/ob/penerbit/"
    assert verified.achievement.name == certificate.scheme_title
    assert verified.identifiers[0].identity_hash == certificate.holder_name
    assert verified.id.endswith(f"/verifikasi/{certificate.token}/")
    assert verified.expiration_date.date() == certificate.expires_on
    assert credentials.credential_verify(token) == certificate


def test_the_credential_carries_nothing_personal_but_the_name(cast, certificate):
    holder = holder_of(certificate)
    token = credentials.credential_jwt(actor=cast.admin_lsp, certificate=certificate)
    payload = jwt.decode(token, options={"verify_signature": False})
    text = json.dumps(payload)
    assert holder.email not in text and holder.full_name in text
    assert "nik" not in text.lower() and "phone" not in text.lower()


def altered(token: str, **changes) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def test_an_altered_or_forged_credential_fails_both_verifiers(client, cast, certificate):
    token = credentials.credential_jwt(actor=cast.admin_lsp, certificate=certificate)
    verifier = OB3Verifier(pubkey_pem=public_pem(client, kid_of(token)))
    tampered = altered(token, name="Ahli Segala Bidang")
    with pytest.raises(OB3VerificationError):
        verifier.verify(tampered)
    with pytest.raises(DomainError, match=re.escape(NOT_OURS)):
        credentials.credential_verify(tampered)

    # the same claims signed by a key the LSP never published
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    claims = jwt.decode(token, options={"verify_signature": False})
    forged = jwt.encode(claims, stranger, algorithm="RS256", headers={"kid": kid_of(token)})
    with pytest.raises(OB3VerificationError):
        verifier.verify(forged)
    with pytest.raises(DomainError, match=re.escape(NOT_OURS)):
        credentials.credential_verify(forged)
    odd_kid = jwt.encode(claims, stranger, algorithm="RS256", headers={"kid": "../" * 30 + "\u00e9"})
    for garbage in ("", "bukan.sebuah.jwt", "a" * 50, altered(token, alg="none"), odd_kid):
        with pytest.raises(DomainError, match=re.escape(NOT_OURS)):
            credentials.credential_verify(garbage)


def test_rotation_keeps_old_credentials_verifiable_and_signs_new_ones_with_the_new_key(
    client, cast, certificate
):
    before = credentials.credential_jwt(actor=cast.admin_lsp, certificate=certificate)
    new_key = credentials.signing_key_rotate(actor=cast.admin_lsp)
    after = credentials.credential_jwt(actor=cast.admin_lsp, certificate=certificate)
    assert kid_of(after) == new_key.kid != kid_of(before)
    published = [key["kid"] for key in client.get(reverse("certificates:jwks")).json()["keys"]]
    assert published == [new_key.kid, kid_of(before)]  # the active key first, the retired one kept
    for token in (before, after):
        OB3Verifier(pubkey_pem=public_pem(client, kid_of(token))).verify(token)
        assert credentials.credential_verify(token) == certificate
    assert SigningKey.objects.filter(active=True).get() == new_key
    assert [event.code for event in audit_events_for(new_key)] == ["kompeten.signing_key.rotated"]


def test_only_the_admin_rotates_and_a_rotation_takes_a_sound_new_key(cast, tmp_path, capsys):
    with pytest.raises(PermissionDenied):
        credentials.signing_key_rotate(actor=cast.manajer)
    with pytest.raises(DomainError, match="PEM"):
        credentials.signing_key_rotate(actor=cast.admin_lsp, private_pem="-----BEGIN nonsense-----")
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    weak_pem = weak.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    with pytest.raises(DomainError, match="2048"):
        credentials.signing_key_rotate(actor=cast.admin_lsp, private_pem=weak_pem)

    pem_file = tmp_path / "lsp.pem"
    pem_file.write_text(credentials._new_private_pem())
    call_command("signing_key_rotate", "--from-file", str(pem_file))
    kid = capsys.readouterr().out.split()[-1]
    assert SigningKey.objects.get(active=True).kid == kid
    with pytest.raises(
        DomainError, match=re.escape("Kunci ini pernah dipakai; rotasi memerlukan kunci baru.")
    ):
        credentials.signing_key_rotate(actor=cast.admin_lsp, private_pem=pem_file.read_text())


def test_the_issuer_profile_and_jwks_are_public_and_hold_no_private_part(client, cast, certificate):
    credentials.credential_jwt(actor=cast.admin_lsp, certificate=certificate)
    profile = client.get("/ob/penerbit/")
    assert profile.status_code == 200 and profile.json()["type"] == ["Profile"]
    assert profile.json()["id"] == "http://127.0.0.1:8000/ob/penerbit/"
    keys = client.get("/.well-known/jwks.json")
    assert keys["Cache-Control"] == "public, max-age=300"
    (key,) = keys.json()["keys"]
    assert set(key) == {"kty", "n", "e", "kid", "use", "alg"}  # no d, p, q: nothing private


def test_the_holder_and_the_lsp_download_the_credential_and_others_are_refused(client, cast, certificate):
    url = reverse("certificates:credential", kwargs={"pk": certificate.pk})
    assert client.get(url).status_code == 302  # anonymous: to sign in
    for user in (cast.asesi, cast.komite):
        client.force_login(user)
        assert client.get(url).status_code == 403
    for user in (holder_of(certificate), cast.admin_lsp):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
        assert credentials.credential_verify(response.content.decode()) == certificate


def test_a_suspended_certificate_gets_no_new_credential_and_the_check_page_shows_its_status(
    client, cast, certificate
):
    token = credentials.credential_jwt(actor=cast.admin_lsp, certificate=certificate)
    lifecycle.certificate_change_status(
        actor=cast.admin_lsp, certificate=certificate, action="suspend", reason="Logbook tidak diserahkan"
    )
    certificate.refresh_from_db()
    with pytest.raises(DomainError, match=re.escape(ONLY_IN_FORCE)):
        credentials.credential_jwt(actor=cast.admin_lsp, certificate=certificate)
    client.force_login(holder_of(certificate))
    response = client.get(reverse("certificates:credential", kwargs={"pk": certificate.pk}), follow=True)
    assert "hanya untuk sertifikat yang berlaku" in response.content.decode()

    client.logout()
    page = client.post(reverse("certificates:credential_check"), {"credential": token})
    assert page.status_code == 200 and "Dibekukan" in page.content.decode()
    page = client.post(reverse("certificates:credential_check"), {"credential": altered(token, name="x")})
    assert page.status_code == 400 and "diubah" in page.content.decode()
    assert client.post(reverse("certificates:credential_check"), {"credential": ""}).status_code == 400
