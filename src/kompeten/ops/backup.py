"""Backup and restore of a whole Kompeten installation: the database, the uploaded files and the keys.

A backup is one ``.tar.gz`` holding, in this order:

- ``manifest.json``: what the archive is (format, Kompeten version, time, database vendor, the latest applied
  migration of every app, the number of objects, the SHA-256 of the data and of every stored file);
- ``data.jsonl``: every row as Django's serialized JSON Lines, database-independent. Content types and
  permissions, which every database numbers its own way, are referred to by natural key; every other
  reference keeps its id, so addresses, audit events and generic relations stay valid;
- ``files/<name>``: every file of the default storage (uploaded evidence, certificate PDFs, logos, ...);
- ``field_key`` only when asked for (``include_field_key``): the Fernet key of the personal data at rest.

Encrypted backups (``passphrase``): the same ``.tar.gz``, encrypted whole with AES-256-GCM in 1 MiB chunks under
a key derived from the passphrase with scrypt (random salt, parameters in the header). Each chunk's number and
whether it is the last are authenticated, so a reordered, cut or altered archive is refused, as is a wrong
passphrase. ``backup_restore`` and ``backup_decrypt`` take the passphrase. Every archive is written 0600.

The credential signing keys are rows of the database (``certificates.SigningKey``), so they are in the data.
``KOMPETEN_FIELD_KEY`` is not: without it, NIK and passport numbers cannot be read after a restore.

A restore goes only into an empty database. It checks the archive before it changes anything, migrates,
loads the data in one transaction, puts the files back (each checked against its SHA-256 before it is
written) inside that same transaction, and moves the database's id sequences past the restored rows.
"""

import datetime
import gzip
import hashlib
import io
import json
import os
import posixpath
import struct
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from kompeten.core.errors import DomainError
from kompeten.core.models import LspProfile

FORMAT = "kompeten-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
FILES = "files/"
FIELD_KEY = "field_key"
MANIFEST_MAX_BYTES = 256 * 1024 * 1024
CHUNK = 1024 * 1024

# Not backed up: rebuilt by ``migrate`` (content types, permissions) or worthless elsewhere (sessions).
# The shared cache table (``kompeten_cache``) is no model, so it is never in the data either.
EXCLUDED = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})
# Referred to by natural key: their ids differ from one database to the next.
NATURAL_KEY_MODELS = (ContentType, Permission)

NOT_A_BACKUP = "berkas ini bukan cadangan Kompeten"
NOT_EMPTY = (
    "basis data tujuan tidak kosong (berisi data {models}); pemulihan hanya dilakukan ke basis data "
    "kosong: siapkan basis data baru (DATABASE_URL atau SQLITE_PATH) lalu ulangi. Tidak ada yang diubah."
)
NEWER = (
    "cadangan ini dibuat oleh versi Kompeten yang lebih baru (migrasi {migrations} belum dikenal versi "
    "ini); perbarui Kompeten lalu ulangi. Tidak ada yang diubah."
)
CHANGED = "berkas {name} berubah selama pencadangan; ulangi pencadangan"
FIELD_KEY_LEFT_OUT = (
    "KOMPETEN_FIELD_KEY tidak ikut dalam cadangan ini. Tanpa kunci itu NIK dan nomor paspor tidak dapat "
    "dibaca setelah pemulihan: simpan kunci itu sendiri di tempat yang aman (atau buat cadangan dengan "
    "--include-field-key)."
)
FIELD_KEY_INCLUDED = (
    "cadangan ini memuat KOMPETEN_FIELD_KEY, kunci data pribadi: simpan berkasnya serahasia kunci itu."
)


class BackupError(DomainError):
    """A backup that cannot be made, or an archive that is refused; the message is for people."""


@dataclass
class BackupResult:
    path: Path
    objects: int
    files: int
    bytes: int
    warnings: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    path: Path
    objects: int
    files: int
    bytes: int
    warnings: list[str] = field(default_factory=list)


# --- what is backed up ---------------------------------------------------------------------------------


def backed_up_models() -> list:
    """Every model whose rows are in a backup, in a stable order (auto-created M2M tables excluded: their
    rows travel with the model that declares the field)."""
    return [
        model
        for model in apps.get_models()
        if model._meta.label_lower not in EXCLUDED and model._meta.managed and not model._meta.proxy
    ]


def backed_up_tables() -> list:
    """The backed-up models and their auto-created many-to-many tables (whose rows a restore recreates
    through the model that declares the field, with ids of their own)."""
    models = backed_up_models()
    tables = list(models)
    for model in models:
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            if through._meta.auto_created and through not in tables:
                tables.append(through)
    return tables


class _Encoder(DjangoJSONEncoder):
    """Django's encoder keeps milliseconds; a restore must give back the very microseconds (signatures
    hash timestamps, lists order by them)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _Serializer(jsonl.Serializer):
    """JSON Lines with content types and permissions by natural key and every other reference by id."""

    def handle_fk_field(self, obj, field):
        model = field.remote_field.model
        if model is ContentType:  # read from ContentType's own cache: no query per audit event
            type_id = field.value_from_object(obj)
            self._current[field.name] = (
                None if type_id is None else list(ContentType.objects.get_for_id(type_id).natural_key())
            )
            return
        self.use_natural_foreign_keys = model in NATURAL_KEY_MODELS
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model in NATURAL_KEY_MODELS
        super().handle_m2m_field(obj, field)


class _Counting(io.TextIOBase):
    """A text stream that writes UTF-8 to a binary file, hashing it and counting the lines (objects)."""

    def __init__(self, binary):
        self.binary = binary
        self.sha256 = hashlib.sha256()
        self.lines = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        data = text.encode()
        self.binary.write(data)
        self.sha256.update(data)
        self.lines += text.count("\n")
        return len(text)


def _objects(models: list, using: str) -> Iterator:
    for model in models:
        yield from model._base_manager.using(using).order_by(model._meta.pk.name).iterator()


def _dump(path: Path, using: str) -> tuple[int, str]:
    """Every row into ``path`` as JSON Lines, read in one transaction (one snapshot on PostgreSQL)."""
    connection = connections[using]
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic(using=using), open(path, "wb") as binary:
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        stream = _Counting(binary)
        _Serializer().serialize(_objects(backed_up_models(), using), stream=stream, cls=_Encoder)
    return stream.lines, stream.sha256.hexdigest()


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    """The latest applied migrations of every app: the applied ones none of whose children in the same app
    is applied (one per app, more only after unmerged branches)."""
    connection = connections[using]
    graph = MigrationLoader(connection, ignore_no_migrations=True).graph
    applied = {key for key in MigrationRecorder(connection).applied_migrations() if key in graph.nodes}
    latest: dict[str, list[str]] = {}
    for app_label, name in sorted(applied):
        children = graph.node_map[(app_label, name)].children
        if not any(child.key in applied and child.key[0] == app_label for child in children):
            latest.setdefault(app_label, []).append(name)
    return latest


def _stored_files(storage) -> list[str]:
    """Every file of the storage, through its own API (``listdir``), so that it works for the local file
    system (MEDIA_ROOT) and for any storage that can list its files, such as django-storages' S3."""
    names, folders = [], [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = storage.listdir(folder)
        except FileNotFoundError:
            if folder == "":  # MEDIA_ROOT not created yet: nothing was ever uploaded
                return []
            raise
        except NotImplementedError:
            raise BackupError(
                f"penyimpanan berkas {type(storage).__name__} tidak dapat mendaftar isinya (listdir)"
            ) from None
        names.extend(posixpath.join(folder, name) for name in files)
        folders.extend(posixpath.join(folder, name) for name in subfolders)
    return sorted(names)


def _file_digest(storage, name: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class _HashingReader:
    """Reads a stored file into the archive (tarfile copies exactly the size in its header), hashing what
    it reads; a file that has shrunk since it was hashed fails the backup."""

    def __init__(self, handle, name: str, size: int):
        self.handle, self.name, self.remaining = handle, name, size
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunks, wanted = [], size
        while wanted != 0:
            chunk = self.handle.read(wanted)
            if not chunk:
                break
            chunks.append(chunk)
            if wanted < 0:
                break
            wanted -= len(chunk)
        data = b"".join(chunks)
        self.sha256.update(data)
        self.remaining -= len(data)
        if self.remaining > 0 and len(data) < size:
            raise BackupError(CHANGED.format(name=self.name))
        return data


def _fingerprint(key: str) -> str:
    """A fingerprint of the field key, to tell at restore whether the same key is configured."""
    return hashlib.sha256(f"kompeten-field-key:{key}".encode()).hexdigest()[:16]


def _version() -> str:
    try:
        return metadata.version("kompeten")
    except metadata.PackageNotFoundError:
        return "unknown"


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes, mode: int = 0o644) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), mode, int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def default_backup_name(encrypted: bool = False) -> str:
    return f"kompeten-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz" + (".enc" if encrypted else "")


# --- encryption with a passphrase ------------------------------------------------------------------------

ENCRYPTED_MAGIC = b"KOMPETEN-BACKUP-AESGCM\x00\x01"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
SALT_BYTES, NONCE_PREFIX_BYTES = 16, 4
HEADER = struct.Struct(">IIB")
ENCRYPTED_CHUNK = 1024 * 1024
PASSPHRASE_MIN = 12
PASSPHRASE_TOO_SHORT = f"kata sandi cadangan minimal {PASSPHRASE_MIN} karakter"
PASSPHRASE_NEEDED = (
    "cadangan ini terenkripsi: berikan kata sandinya (--passphrase-file atau KOMPETEN_BACKUP_PASSPHRASE)"
)
PASSPHRASE_WRONG = "kata sandi salah, atau arsip terenkripsi ini rusak atau terpotong. Tidak ada yang diubah."


def _derive_key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode())


def is_encrypted(path: str | Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(ENCRYPTED_MAGIC)) == ENCRYPTED_MAGIC


def _open_private(path: Path):
    """A new file only its owner may read (0600 whatever the umask)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    return os.fdopen(descriptor, "wb")


def _encrypt_file(source: Path, target: Path, passphrase: str) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, prefix = os.urandom(SALT_BYTES), os.urandom(NONCE_PREFIX_BYTES)
    header = ENCRYPTED_MAGIC + HEADER.pack(SCRYPT_N, SCRYPT_R, SCRYPT_P) + salt + prefix
    cipher = AESGCM(_derive_key(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P))
    with open(source, "rb") as plain, _open_private(target) as out:
        out.write(header)
        number, chunk = 0, plain.read(ENCRYPTED_CHUNK)
        while True:
            following = plain.read(ENCRYPTED_CHUNK)
            last = not following
            sealed = cipher.encrypt(
                prefix + struct.pack(">Q", number), chunk, header + struct.pack(">Q?", number, last)
            )
            out.write(struct.pack(">I", len(sealed)) + sealed)
            if last:
                return
            number, chunk = number + 1, following


def backup_decrypt(*, path: str | Path, output: str | Path, passphrase: str | None) -> Path:
    """Write the plain ``.tar.gz`` of an encrypted backup to ``output`` (0600); BackupError if it cannot."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not passphrase:
        raise BackupError(PASSPHRASE_NEEDED)
    output = Path(output)
    with open(path, "rb") as source:
        header = source.read(len(ENCRYPTED_MAGIC) + HEADER.size + SALT_BYTES + NONCE_PREFIX_BYTES)
        if not header.startswith(ENCRYPTED_MAGIC) or len(header) < len(ENCRYPTED_MAGIC) + HEADER.size:
            raise BackupError(NOT_A_BACKUP)
        n, r, p = HEADER.unpack_from(header, len(ENCRYPTED_MAGIC))
        if not (
            2 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16
        ):  # no header makes us spend unbounded memory
            raise BackupError(PASSPHRASE_WRONG)
        salt = header[len(ENCRYPTED_MAGIC) + HEADER.size : -NONCE_PREFIX_BYTES]
        prefix = header[-NONCE_PREFIX_BYTES:]
        cipher = AESGCM(_derive_key(passphrase, salt, n, r, p))
        try:
            with _open_private(output) as out:
                number = 0
                while True:
                    size_bytes = source.read(4)
                    if len(size_bytes) != 4:
                        raise BackupError(PASSPHRASE_WRONG)  # cut before its last chunk
                    (size,) = struct.unpack(">I", size_bytes)
                    if size > ENCRYPTED_CHUNK + 16:
                        raise BackupError(PASSPHRASE_WRONG)
                    sealed = source.read(size)
                    for last in (False, True):
                        try:
                            chunk = cipher.decrypt(
                                prefix + struct.pack(">Q", number),
                                sealed,
                                header + struct.pack(">Q?", number, last),
                            )
                            break
                        except InvalidTag:
                            chunk = None
                    if chunk is None:
                        raise BackupError(PASSPHRASE_WRONG)
                    out.write(chunk)
                    if last:
                        if source.read(1):
                            raise BackupError(PASSPHRASE_WRONG)
                        return output
                    number += 1
        except BackupError:
            output.unlink(missing_ok=True)
            raise


def backup_create(
    *,
    output: str | Path | None = None,
    include_field_key: bool = False,
    passphrase: str | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> BackupResult:
    """Write a backup to ``output`` (by default ``kompeten-backup-<time>.tar.gz`` in the current folder),
    readable by its owner only (0600), encrypted when a ``passphrase`` is given.

    The data is read first, in one transaction; then every stored file is read twice, once for the
    manifest's SHA-256 and once into the archive (a file changed in between fails the backup)."""
    if passphrase is not None and len(passphrase) < PASSPHRASE_MIN:
        raise BackupError(PASSPHRASE_TOO_SHORT)
    path = Path(output) if output else Path(default_backup_name(encrypted=passphrase is not None))
    storage = default_storage
    final = path.with_name(path.name + ".part")
    with tempfile.TemporaryDirectory(prefix="kompeten-backup-") as workdir:
        partial = Path(workdir) / "plain.tar.gz" if passphrase is not None else final
        data_path = Path(workdir) / DATA
        objects, data_sha256 = _dump(data_path, using)
        names = _stored_files(storage)
        files = {}
        for name in names:
            try:
                files[name] = _file_digest(storage, name)
            except FileNotFoundError:  # deleted since it was listed
                continue
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "kompeten_version": _version(),
            "created_at": timezone.now().isoformat(),
            "database_vendor": connections[using].vendor,
            "migrations": applied_migrations(using),
            "objects": objects,
            "data": {"name": DATA, "sha256": data_sha256, "bytes": data_path.stat().st_size},
            "storage": f"{type(storage).__module__}.{type(storage).__qualname__}",
            "file_count": len(files),
            "files": {name: {"sha256": digest, "bytes": size} for name, (digest, size) in files.items()},
            "field_key_included": include_field_key,
            "field_key_fingerprint": _fingerprint(settings.KOMPETEN_FIELD_KEY),
        }
        try:
            with _open_private(partial) as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
                archive.add(data_path, arcname=DATA, recursive=False)
                for name, (digest, size) in files.items():
                    info = tarfile.TarInfo(FILES + name)
                    info.size, info.mode, info.mtime = size, 0o644, int(timezone.now().timestamp())
                    with storage.open(name, "rb") as handle:
                        reader = _HashingReader(handle, name, size)
                        archive.addfile(info, reader)
                    if reader.sha256.hexdigest() != digest:
                        raise BackupError(CHANGED.format(name=name))
                if include_field_key:
                    _add_bytes(archive, FIELD_KEY, (settings.KOMPETEN_FIELD_KEY + "\n").encode(), 0o600)
            if passphrase is not None:
                _encrypt_file(partial, final, passphrase)
            final.replace(path)
        finally:
            final.unlink(missing_ok=True)
    total = sum(size for _, size in files.values())
    return BackupResult(
        path=path,
        objects=objects,
        files=len(files),
        bytes=total,
        warnings=[FIELD_KEY_INCLUDED if include_field_key else FIELD_KEY_LEFT_OUT],
    )


# --- restore ---------------------------------------------------------------------------------------------


# Errors of a damaged or foreign archive (a CRC or gzip error is an OSError, other OSErrors are not ours).
DAMAGED = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile)


def _member(archive: tarfile.TarFile, name: str) -> tarfile.TarInfo:
    """The member that follows, when it is ``name`` (as we write them), or else ``name`` found anywhere."""
    member = archive.next()
    if member is None or member.name != name:
        try:
            member = archive.getmember(name)
        except KeyError:
            raise BackupError(f"{NOT_A_BACKUP} (tidak ada {name})") from None
    if not member.isfile():
        raise BackupError(f"{NOT_A_BACKUP} ({name} bukan berkas)")
    return member


def _read_manifest(archive: tarfile.TarFile) -> dict:
    member = _member(archive, MANIFEST)
    if member.size > MANIFEST_MAX_BYTES:
        raise BackupError(NOT_A_BACKUP)
    try:
        manifest = json.loads(archive.extractfile(member).read())
    except (ValueError, RecursionError):
        raise BackupError(f"{NOT_A_BACKUP} ({MANIFEST} tidak terbaca)") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(NOT_A_BACKUP)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"format cadangan versi {manifest.get('format_version')!r} tidak dikenal versi Kompeten ini "
            f"(versi {FORMAT_VERSION}). Tidak ada yang diubah."
        )
    try:
        sound = (
            all(
                isinstance(names, list) and all(isinstance(name, str) for name in names)
                for names in manifest["migrations"].values()
            )
            and isinstance(manifest["files"], dict)
            and all(isinstance(item["sha256"], str) for item in manifest["files"].values())
            and isinstance(manifest["data"]["sha256"], str)
            and isinstance(manifest["objects"], int)
        )
    except (KeyError, TypeError, AttributeError):
        sound = False
    if not sound:
        raise BackupError(f"{NOT_A_BACKUP} ({MANIFEST} tidak lengkap)")
    return manifest


def _check_migrations(manifest: dict, using: str) -> list[str]:
    """Refuses a backup made with migrations this code does not have; warns when the code has newer ones."""
    graph = MigrationLoader(connections[using], ignore_no_migrations=True).graph
    targets = [(app, name) for app, names in manifest["migrations"].items() for name in names]
    unknown = [f"{app}.{name}" for app, name in targets if (app, name) not in graph.nodes]
    if unknown:
        raise BackupError(NEWER.format(migrations=", ".join(sorted(unknown))))
    covered = set()
    for target in targets:
        covered.update(graph.forwards_plan(target))
    newer = set(graph.nodes) - covered
    if newer:
        return [
            f"cadangan ini dibuat sebelum {len(newer)} migrasi terbaru; datanya dimuat ke skema sekarang. "
            "Bila pemuatan gagal, pulihkan dengan versi Kompeten yang membuat cadangan lalu perbarui."
        ]
    return []


def models_with_rows(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    return [
        model._meta.label
        for model in backed_up_models()
        if model._meta.db_table in existing and model._base_manager.using(using).exists()
    ]


def _refuse_unless_empty(using: str) -> None:
    filled = models_with_rows(using)
    if filled:
        shown = ", ".join(filled[:5]) + (", …" if len(filled) > 5 else "")
        raise BackupError(NOT_EMPTY.format(models=shown))


def _safe_file_name(member_name: str) -> str | None:
    name = member_name[len(FILES) :]
    parts = name.split("/")
    if not name or name.startswith("/") or any(part in ("", ".", "..") for part in parts):
        return None
    return name


def _copy_checked(source, target, expected: str) -> bool:
    digest = hashlib.sha256()
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
    return digest.hexdigest() == expected


def _reset_sequences(using: str) -> None:
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_tables())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _restore_files(archive: tarfile.TarFile, manifest: dict, storage, written: list[str]) -> int:
    """The stored files from the rest of the archive, each checked against its SHA-256 before it is written."""
    expected = manifest["files"]
    restored = set()
    for member in archive:
        if not member.name.startswith(FILES):
            continue
        name = _safe_file_name(member.name)
        if name is None or not member.isfile() or name not in expected or name in restored:
            raise BackupError(f"{NOT_A_BACKUP} (isi tak terduga: {member.name})")
        with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as spool:
            if not _copy_checked(archive.extractfile(member), spool, expected[name]["sha256"]):
                raise BackupError(f"berkas {name} di dalam cadangan rusak (SHA-256 tidak cocok)")
            spool.seek(0)
            if storage.exists(name):  # left over from an earlier installation: the backup's copy wins
                storage.delete(name)
            saved = storage.save(name, File(spool, name=posixpath.basename(name)))
            written.append(saved)
            if saved != name:
                raise BackupError(
                    f"berkas {name} tersimpan sebagai {saved}; penyimpanan berkas menolak namanya"
                )
        restored.add(name)
    missing = set(expected) - restored
    if missing:
        raise BackupError(f"cadangan tidak lengkap: {len(missing)} berkas hilang, misalnya {min(missing)}")
    return len(restored)


def _restore_archive(archive: tarfile.TarFile, workdir: Path, storage, using: str) -> tuple[dict, list, int]:
    manifest = _read_manifest(archive)
    warnings = _check_migrations(manifest, using)
    _refuse_unless_empty(using)
    data_path = workdir / DATA
    with open(data_path, "wb") as target:
        source = archive.extractfile(_member(archive, DATA))
        if not _copy_checked(source, target, manifest["data"]["sha256"]):
            raise BackupError(f"data di dalam cadangan rusak (SHA-256 {DATA} tidak cocok)")

    call_command("migrate", database=using, interactive=False, verbosity=0)
    call_command("createcachetable", database=using, verbosity=0)
    _refuse_unless_empty(using)  # in case a migration wrote rows
    ContentType.objects.clear_cache()  # migrate may have numbered the content types anew

    written: list[str] = []
    try:
        with transaction.atomic(using=using):
            call_command("loaddata", str(data_path), database=using, verbosity=0)
            _reset_sequences(using)
            files = _restore_files(archive, manifest, storage, written)
    except BaseException as error:
        for name in written:  # the database rolled back: so do the files
            storage.delete(name)
        if isinstance(error, DeserializationError | DatabaseError):
            raise BackupError(
                f"data cadangan tidak dapat dimuat ({error}); basis data dibiarkan kosong"
            ) from error
        raise
    return manifest, warnings, files


def backup_restore(
    *, path: str | Path, passphrase: str | None = None, using: str = DEFAULT_DB_ALIAS
) -> RestoreResult:
    """Restore a backup into an empty database and the default storage.

    Refused (BackupError, nothing changed) for a file that is no Kompeten backup, one made by a newer
    Kompeten, or a database that holds data. The data and the files go in within one transaction: a
    damaged file in the archive leaves the database as empty as it was (though migrated)."""
    path = Path(path)
    encrypted = is_encrypted(path)
    try:
        with tempfile.TemporaryDirectory(prefix="kompeten-restore-") as workdir:
            source = path
            if encrypted:
                source = backup_decrypt(
                    path=path, output=Path(workdir) / "decrypted.tar.gz", passphrase=passphrase
                )
            with tarfile.open(source, "r:gz") as archive:
                manifest, warnings, files = _restore_archive(archive, Path(workdir), default_storage, using)
    except DAMAGED as error:
        raise BackupError(f"{NOT_A_BACKUP} atau arsipnya rusak ({error})") from None
    caches["local"].delete(LspProfile.CACHE_KEY)  # loaddata saves raw, past LspProfile.save()
    if manifest.get("field_key_fingerprint") != _fingerprint(settings.KOMPETEN_FIELD_KEY):
        if manifest.get("field_key_included") and encrypted:
            warnings.append(
                "KOMPETEN_FIELD_KEY yang terpasang berbeda dari kunci cadangan, jadi NIK dan nomor paspor "
                f"belum terbaca: dekripsi arsipnya dengan `kompeten restore {path} --decrypt-to ARSIP.tar.gz`, "
                f"ambil kuncinya dengan `tar -xzf ARSIP.tar.gz {FIELD_KEY}`, setel KOMPETEN_FIELD_KEY_FILE ke "
                "berkas itu, lalu mulai ulang Kompeten."
            )
        elif manifest.get("field_key_included"):
            warnings.append(
                "KOMPETEN_FIELD_KEY yang terpasang berbeda dari kunci cadangan, jadi NIK dan nomor paspor "
                f"belum terbaca: ambil kuncinya dengan `tar -xzf {path} {FIELD_KEY}`, setel "
                "KOMPETEN_FIELD_KEY_FILE ke berkas itu, lalu mulai ulang Kompeten."
            )
        else:
            warnings.append(
                "KOMPETEN_FIELD_KEY yang terpasang berbeda dari kunci saat pencadangan: NIK dan nomor paspor "
                "baru terbaca setelah kunci lama dipasang (KOMPETEN_FIELD_KEY atau KOMPETEN_FIELD_KEY_FILE)."
            )
    return RestoreResult(
        path=path,
        objects=manifest["objects"],
        files=files,
        bytes=sum(item.get("bytes", 0) for item in manifest["files"].values()),
        warnings=warnings,
    )


def human_size(size: float) -> str:
    """``1,5 MB``: sizes as people read them, with an Indonesian decimal comma."""
    if size < 1024:
        return f"{int(size)} B"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            break
    return f"{size:.1f} {unit}".replace(".", ",")
