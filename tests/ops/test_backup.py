"""Backup and restore: one archive with the data, the uploaded files and the signing keys, restored into an
empty database with every case, file, audit event and credential as it was."""

import hashlib
import io
import json
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from cryptography.fernet import Fernet
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models import Max
from openbadgeslib.ob3 import OB3Verifier

from kompeten.accounts.models import ApplicantProfile, AssessorProfile, Role
from kompeten.cases.models import Case, Evidence
from kompeten.cases.services import case_open, evidence_upload
from kompeten.certificates import appeals, credentials, services
from kompeten.certificates.models import Appeal, Certificate, SigningKey
from kompeten.cli import main
from kompeten.core.audit import audit_events_for
from kompeten.core.models import AuditEvent, LspProfile
from kompeten.ops import backup
from tests.case_fixtures import PDF, png
from tests.certificates.test_appeals import appeal_of
from tests.certificates.test_credentials import kid_of, public_pem
from tests.certificates.test_decisions import signed, unit_ids
from tests.certificates.test_issuing import competent_case
from tests.factories import SchemeFactory, UnitFactory, UserFactory

NATURAL = ("contenttypes.contenttype", "auth.permission")


@pytest.fixture(autouse=True)
def quick_keys(monkeypatch):
    monkeypatch.setattr(credentials, "KEY_BITS", 2048)


@dataclass
class World:
    evidence_case: Case
    appeal: Appeal
    certificate: Certificate
    token: str


@pytest.fixture
def world(cast, scheme, participant, other_applicant) -> World:
    """A bit of everything: the LSP profile with its logo, a case with uploaded documents, an appeal before a
    panel (a many-to-many through model), an issued certificate with its PDF and an OB3 credential, an
    allauth address (from the factory), an admin log entry, the audit events and notifications all of these wrote."""
    profile = LspProfile.objects.create(pk=1, name="LSP Cadangan Nusantara", head_name="Ir. Ketua")
    profile.logo.save("logo.png", ContentFile(png()))

    evidence_case = case_open(actor=other_applicant, scheme=scheme, purpose="sertifikasi")
    for requirement in scheme.evidence.all():
        evidence_upload(
            actor=other_applicant,
            case=evidence_case,
            name=f"{requirement.text}.pdf",
            data=PDF + requirement.text.encode(),
            requirement=requirement,
        )

    signed(participant)
    services.decision_record(
        actor=cast.komite,
        case=participant.case,
        competent=False,
        reason="Bukti tidak cukup",
        units=unit_ids(participant)[:1],
    )
    participant.case.refresh_from_db()
    panel = [
        UserFactory(email=f"panel{n}@lsp.id", full_name=f"Panel {n}", roles=[role])
        for n, role in enumerate((Role.KOMITE_TEKNIS, Role.ASESOR, Role.MANAJER_SERTIFIKASI))
    ]
    appeal = appeals.appeal_panel_form(
        actor=cast.admin_lsp, appeal=appeal_of(participant.case), members=panel
    )

    certificate = services.certificate_issue(actor=cast.admin_lsp, case=competent_case(scheme, 1))
    certificate.refresh_from_db()
    assert certificate.pdf, "the certificate's PDF is rendered once the issue is committed"
    token = credentials.credential_jwt(actor=certificate.case.asesi, certificate=certificate)

    assert EmailAddress.objects.filter(user=cast.asesi, verified=True).exists()  # allauth's table
    LogEntry.objects.create(
        user=cast.admin_lsp,
        content_type=ContentType.objects.get_for_model(Certificate),
        object_id=str(certificate.pk),
        object_repr=str(certificate),
        action_flag=CHANGE,
        change_message="[]",
    )
    return World(evidence_case=evidence_case, appeal=appeal, certificate=certificate, token=token)


def snapshot() -> dict[str, list[dict]]:
    """Every row of every backed-up table (many-to-many tables too), content types and permissions by
    natural key since their ids are the database's own."""
    tables = {}
    for model in backup.backed_up_tables():
        natural = {
            field.attname: field.related_model
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model._meta.label_lower in NATURAL
        }
        rows = list(model._base_manager.order_by("pk").values())
        for row in rows:
            for attname, related in natural.items():
                if row[attname] is not None:
                    row[attname] = related._base_manager.get(pk=row[attname]).natural_key()
            if model._meta.auto_created:  # many-to-many rows are recreated with ids of their own
                del row["id"]
        tables[model._meta.label] = sorted(rows, key=repr) if model._meta.auto_created else rows
    return tables


def stored(media_root) -> dict[str, bytes]:
    root = Path(media_root)
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def wiped(settings) -> None:
    """An empty database, whose content types are numbered otherwise than before, and no uploaded files."""
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.all().delete()  # their permissions go with them; migrate puts them back
    ContentType.objects.clear_cache()
    for model in reversed(apps.get_models()):
        ContentType.objects.get_for_model(model)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    caches["local"].clear()  # as in a new process
    assert backup.models_with_rows("default") == []


def repacked(source: Path, target: Path, change) -> Path:
    """The archive with each member passed through ``change(name, data)`` (None leaves it out)."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            data = change(member.name, old.extractfile(member).read())
            if data is not None:
                member.size = len(data)
                new.addfile(member, io.BytesIO(data))
    return target


@pytest.mark.django_db(transaction=True)
def test_it_restores_every_case_file_event_and_credential_into_an_empty_database(
    world, cast, settings, tmp_path, client, capsys
):
    rows, files = snapshot(), stored(settings.MEDIA_ROOT)
    assert len(rows["cases.Case"]) == 3 and len(rows["cases.Evidence"]) == 4  # two documents of two cases
    assert len(rows["certificates.AppealPanelMember"]) == 3 and len(rows["certificates.SigningKey"]) == 1
    assert len(rows["accounts.AssessorProfile_schemes"]) == 1 and rows["admin.LogEntry"]
    assert len(files) == 6  # four documents, the certificate PDF, the logo
    events = {event.pk: event.code for event in AuditEvent.objects.all()}
    assert len(events) >= 15
    last_ids = {model: model.objects.aggregate(last=Max("pk"))["last"] for model in (AuditEvent, Case)}

    archive = tmp_path / "cadangan.tar.gz"
    assert main(["backup", "--output", str(archive)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"Cadangan {archive}: ") and "6 berkas" in out
    assert backup.FIELD_KEY_LEFT_OUT in err
    with tarfile.open(archive) as contents:
        names = contents.getnames()
        manifest = json.load(contents.extractfile("manifest.json"))
    assert names[:2] == ["manifest.json", "data.jsonl"] and backup.FIELD_KEY not in names
    assert sorted(names[2:]) == sorted(f"files/{name}" for name in files)
    assert manifest["file_count"] == 6 and manifest["migrations"]["core"] == ["0005_workbook_import"]
    assert {name: item["sha256"] for name, item in manifest["files"].items()} == {
        name: hashlib.sha256(data).hexdigest() for name, data in files.items()
    }

    wiped(settings)
    assert LspProfile.current().name != "LSP Cadangan Nusantara"  # a blank profile, now cached
    result = backup.backup_restore(path=archive)
    assert (result.files, result.warnings) == (6, [])
    assert result.objects == sum(1 for line in archive_member(archive, "data.jsonl").splitlines() if line)

    assert snapshot() == rows
    assert stored(settings.MEDIA_ROOT) == files
    for evidence in Evidence.objects.all():
        with evidence.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == evidence.sha256
    assert {event.pk: event.code for event in AuditEvent.objects.all()} == events
    certificate = Certificate.objects.get(pk=world.certificate.pk)
    assert [event.code for event in audit_events_for(certificate)] == ["kompeten.certificate.issued"]
    assert [event.code for event in audit_events_for(Appeal.objects.get())] == [
        "kompeten.appeal.panel_formed",
        "kompeten.appeal.submitted",
    ]
    assert certificate.pdf.read().startswith(b"%PDF")

    assert credentials.credential_verify(world.token) == certificate
    OB3Verifier(pubkey_pem=public_pem(client, kid_of(world.token))).verify(world.token)
    assert SigningKey.objects.get(active=True).kid == kid_of(world.token)
    assert LspProfile.current().name == "LSP Cadangan Nusantara"
    assert ApplicantProfile.objects.get(user=cast.asesi).nik == "3171015708900002"

    # new rows get fresh ids, in many-to-many tables too
    assert AuditEvent.objects.create(code="kompeten.test").pk > last_ids[AuditEvent]
    assert competent_case(SchemeFactory(units=[UnitFactory()]), 2).pk > last_ids[Case]
    AssessorProfile.objects.get(user=cast.asesor).schemes.add(SchemeFactory(units=[UnitFactory()]))


def archive_member(archive: Path, name: str) -> bytes:
    with tarfile.open(archive) as contents:
        return contents.extractfile(name).read()


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_field_key_only_when_asked_and_says_so_when_another_key_is_configured(
    cast, settings, tmp_path
):
    result = backup.backup_create(output=tmp_path / "kunci.tar.gz", include_field_key=True)
    assert result.warnings == [backup.FIELD_KEY_INCLUDED]
    assert archive_member(result.path, backup.FIELD_KEY).decode().strip() == settings.KOMPETEN_FIELD_KEY
    assert result.path.stat().st_mode & 0o777 == 0o600

    wiped(settings)
    settings.KOMPETEN_FIELD_KEY = Fernet.generate_key().decode()
    restored = backup.backup_restore(path=result.path)
    assert len(restored.warnings) == 1 and f"tar -xzf {result.path} field_key" in restored.warnings[0]
    assert {user.email for user in type(cast.asesi).objects.all()} == {
        user.email for user in vars(cast).values()
    }


@pytest.mark.django_db(transaction=True)
def test_a_damaged_file_in_the_archive_leaves_the_database_and_the_storage_empty(
    cast, scheme, other_applicant, settings, tmp_path
):
    case = case_open(actor=other_applicant, scheme=scheme, purpose="sertifikasi")
    evidence = evidence_upload(
        actor=other_applicant, case=case, name="ijazah.pdf", data=PDF, requirement=scheme.evidence.first()
    )
    profile = LspProfile.objects.create(pk=1, name="LSP Rusak")
    profile.logo.save("logo.png", ContentFile(png()))
    good = backup.backup_create(output=tmp_path / "baik.tar.gz").path
    damaged = repacked(
        good,
        tmp_path / "rusak.tar.gz",
        lambda name, data: data + b"!" if name == f"files/{evidence.file.name}" else data,
    )
    wiped(settings)

    with pytest.raises(backup.BackupError, match="rusak"):
        backup.backup_restore(path=damaged)
    assert backup.models_with_rows("default") == [] and stored(settings.MEDIA_ROOT) == {}
    backup.backup_restore(path=good)  # and the sound archive still goes in
    assert Evidence.objects.get().file.read() == PDF


@pytest.mark.django_db
def test_it_refuses_to_restore_into_a_database_that_holds_data(with_documents, settings, tmp_path, capsys):
    archive = backup.backup_create(output=tmp_path / "cadangan.tar.gz").path
    rows, files = snapshot(), stored(settings.MEDIA_ROOT)
    assert len(files) == 2
    assert main(["restore", str(archive)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kompeten restore: {archive}: basis data tujuan tidak kosong (berisi data ")
    assert "Tidak ada yang diubah." in err
    assert snapshot() == rows and stored(settings.MEDIA_ROOT) == files


@pytest.mark.django_db
def test_it_refuses_what_is_not_a_kompeten_backup_and_changes_nothing(cast, settings, tmp_path, capsys):
    archive = backup.backup_create(output=tmp_path / "cadangan.tar.gz").path
    garbage = tmp_path / "acak.tar.gz"
    garbage.write_bytes(b"\x1f\x8b bukan arsip" * 50)
    empty = tmp_path / "kosong.tar.gz"
    empty.write_bytes(b"")
    without_manifest = repacked(
        archive,
        tmp_path / "tanpa-manifest.tar.gz",
        lambda name, data: None if name == "manifest.json" else data,
    )
    foreign = repacked(
        archive,
        tmp_path / "asing.tar.gz",
        lambda name, data: json.dumps({"format": "lain"}).encode() if name == "manifest.json" else data,
    )

    def newer_migrations(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["core"] = ["9999_dari_masa_depan"]
        return json.dumps(manifest).encode()

    newer = repacked(archive, tmp_path / "lebih-baru.tar.gz", newer_migrations)
    rows = snapshot()
    refusals = {
        garbage: "bukan cadangan Kompeten",
        empty: "bukan cadangan Kompeten",
        without_manifest: "bukan cadangan Kompeten (tidak ada manifest.json)",
        foreign: "bukan cadangan Kompeten",
        newer: "versi Kompeten yang lebih baru (migrasi core.9999_dari_masa_depan belum dikenal",
        tmp_path / "tidak-ada.tar.gz": "berkas tidak dapat dibuka",
    }
    for path, message in refusals.items():
        assert main(["restore", str(path)]) == 2, path
        err = capsys.readouterr().err
        assert err.startswith(f"kompeten restore: {path}: ") and message in err, err
        assert err.count("\n") == 1
    assert snapshot() == rows


def test_sizes_read_as_people_read_them():
    assert [backup.human_size(size) for size in (0, 1023, 1536, 5 * 1024**2, 3 * 1024**4)] == [
        "0 B",
        "1023 B",
        "1,5 KB",
        "5,0 MB",
        "3072,0 GB",
    ]


PASSPHRASE = "kuda-laut-biru-2026"


@pytest.mark.django_db
def test_every_archive_is_readable_by_its_owner_only(cast, tmp_path, monkeypatch):
    import os

    os.umask(0o022)  # the usual umask, which made archives 0644
    result = backup.backup_create(output=tmp_path / "cadangan.tar.gz")
    assert result.path.stat().st_mode & 0o777 == 0o600
    encrypted = backup.backup_create(output=tmp_path / "cadangan.tar.gz.enc", passphrase=PASSPHRASE)
    assert encrypted.path.stat().st_mode & 0o777 == 0o600


@pytest.mark.django_db(transaction=True)
def test_an_encrypted_backup_hides_everything_and_restores_only_with_its_passphrase(
    with_documents, settings, tmp_path
):
    result = backup.backup_create(output=tmp_path / "rahasia.tar.gz.enc", passphrase=PASSPHRASE)
    raw = result.path.read_bytes()
    assert raw.startswith(backup.ENCRYPTED_MAGIC)
    assert with_documents.asesi.email.encode() not in raw and b"manifest.json" not in raw
    with pytest.raises(tarfile.TarError), tarfile.open(result.path):
        pass
    rows, files = snapshot(), stored(settings.MEDIA_ROOT)
    wiped(settings)

    with pytest.raises(backup.BackupError, match="cadangan ini terenkripsi: berikan kata sandinya"):
        backup.backup_restore(path=result.path)
    with pytest.raises(backup.BackupError, match="kata sandi salah"):
        backup.backup_restore(path=result.path, passphrase="bukan-kata-sandinya")
    cut = tmp_path / "terpotong.enc"
    cut.write_bytes(raw[: len(raw) - 20])
    with pytest.raises(backup.BackupError, match="rusak atau terpotong"):
        backup.backup_restore(path=cut, passphrase=PASSPHRASE)
    assert backup.models_with_rows("default") == []

    backup.backup_restore(path=result.path, passphrase=PASSPHRASE)
    assert snapshot() == rows and stored(settings.MEDIA_ROOT) == files


def test_a_short_passphrase_is_refused(tmp_path):
    with pytest.raises(backup.BackupError, match="minimal 12 karakter"):
        backup.backup_create(output=tmp_path / "x.enc", passphrase="pendek")
    assert not (tmp_path / "x.enc").exists()


@pytest.mark.django_db(transaction=True)
def test_the_commands_encrypt_decrypt_and_restore_with_a_passphrase_file(
    with_documents, settings, tmp_path, capsys
):
    secret = tmp_path / "kata-sandi"
    secret.write_text(PASSPHRASE + "\n")
    archive = tmp_path / "cadangan.tar.gz.enc"
    assert main(["backup", "--output", str(archive), "--passphrase-file", str(secret)]) == 0
    assert backup.is_encrypted(archive)
    plain = tmp_path / "polos.tar.gz"
    assert main(["restore", str(archive), "--passphrase-file", str(secret), "--decrypt-to", str(plain)]) == 0
    assert json.loads(archive_member(plain, "manifest.json"))["format"] == backup.FORMAT
    assert plain.stat().st_mode & 0o777 == 0o600
    rows = snapshot()
    wiped(settings)
    capsys.readouterr()
    assert main(["restore", str(archive)]) == 2  # no passphrase given, none at a terminal
    assert "kata sandi cadangan" in capsys.readouterr().err
    assert main(["restore", str(archive), "--passphrase-file", str(secret)]) == 0
    assert snapshot() == rows
