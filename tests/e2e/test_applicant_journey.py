"""The applicant's journey in Chromium, with three people in three browser contexts."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from kompeten.cases.models import Case, CaseStatus
from tests.case_fixtures import PDF
from tests.factories import PASSWORD

SHOTS = "test-results"


def sign_in(page: Page, url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{url}/akun/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator(".dashboard")).to_be_visible()


@pytest.fixture
def documents(tmp_path):
    paths = {}
    for name in ("ijazah-buram.pdf", "ijazah.pdf", "ktp.pdf"):
        path = tmp_path / name
        path.write_bytes(PDF + name.encode())
        paths[name] = path
    return paths


def test_register_apply_verify_self_assess_and_review(
    live_server, page: Page, browser: Browser, cast, scheme, asesor, documents
):
    url = live_server.url
    # The candidate registers, consents and verifies the address.
    page.goto(f"{url}/akun/signup/")
    page.get_by_label("Email").fill("rina@contoh.id")
    page.get_by_label("Kata sandi:", exact=True).fill("sandi-kuat-2026!")
    page.get_by_label("Kata sandi (lagi):", exact=True).fill("sandi-kuat-2026!")
    page.get_by_label("Nama lengkap (sesuai KTP)").fill("Rina Kartika")
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Daftar").click()
    expect(page).to_have_url(f"{url}/akun/confirm-email/")  # the server has sent the mail by now
    link = re.search(r"http://\S+/akun/confirm-email/\S+/", mail.outbox[-1].body).group()
    page.goto(link.replace("http://testserver", url).replace("http://127.0.0.1:8000", url))
    sign_in(page, url, "rina@contoh.id", "sandi-kuat-2026!")
    expect(
        page.get_by_text("Lengkapi profil Anda sebelum mengajukan permohonan sertifikasi.")
    ).to_be_visible()

    # Profile (FR.APL.01 part 1).
    page.goto(f"{url}/dasbor/profil/")
    page.get_by_label("Kewarganegaraan").select_option("WNI")
    page.get_by_label("NIK").fill("3171015708900002")
    page.get_by_label("Provinsi penerbit KTP").select_option("31")
    page.get_by_label("Tempat lahir").fill("Jakarta")
    page.get_by_label("Tanggal lahir").fill("1990-08-17")
    page.get_by_label("Jenis kelamin").select_option("P")
    page.get_by_label("Alamat rumah").fill("Jl. Melati 5, Jakarta")
    page.get_by_label("Telepon").fill("0812-1111-2222")
    page.get_by_label("Pendidikan terakhir").select_option("S1")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Profil Anda telah disimpan.")).to_be_visible()

    # FR.APL.01: apply, upload, submit.
    page.goto(f"{url}/permohonan/")
    page.get_by_role("link", name="Ajukan", exact=True).click()
    page.get_by_role("button", name="Mulai permohonan").click()
    expect(page.get_by_role("heading", name="Bagian 3: bukti kelengkapan pemohon")).to_be_visible()
    page.get_by_label("Fotokopi ijazah").set_input_files(documents["ijazah-buram.pdf"])
    page.get_by_role("row", name=re.compile("Fotokopi ijazah")).get_by_role("button", name="Unggah").click()
    page.get_by_label("Fotokopi KTP").set_input_files(documents["ktp.pdf"])
    page.get_by_role("row", name=re.compile("Fotokopi KTP")).get_by_role("button", name="Unggah").click()
    page.get_by_label(re.compile("Dengan ini saya menyatakan")).check()
    page.get_by_role("button", name="Ajukan permohonan").click()
    expect(page.get_by_text("Permohonan Anda telah diajukan.")).to_be_visible()
    case = Case.objects.get()
    page.screenshot(path=f"{SHOTS}/journey-1-submitted.png", full_page=True)

    # The admin returns the blurred diploma.
    admin = browser.new_context().new_page()
    sign_in(admin, url, cast.admin_lsp.email)
    admin.goto(f"{url}/verifikasi/")
    admin.get_by_role("link", name=case.reference).click()
    ijazah, ktp = case.evidence.order_by("pk")
    admin.locator(f"input[name=document-{ijazah.pk}][value=invalid]").check()
    admin.locator(f"input[name=note-{ijazah.pk}]").fill("Buram, tidak terbaca")
    admin.locator(f"input[name=document-{ktp.pk}][value=valid]").check()
    for requirement in case.scheme.requirements.all():
        admin.locator(f"input[name=requirement-{requirement.pk}][value=met]").check()
    admin.get_by_role("button", name="Kembalikan untuk diperbaiki").click()
    expect(admin.get_by_text("Permohonan dikembalikan kepada asesi untuk diperbaiki.")).to_be_visible()

    # The candidate replaces only that document and submits again.
    page.reload()
    expect(page.get_by_text("Buram, tidak terbaca")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Fotokopi KTP")).get_by_role("button")).to_have_count(0)
    page.get_by_label("Fotokopi ijazah").set_input_files(documents["ijazah.pdf"])
    page.get_by_role("row", name=re.compile("Fotokopi ijazah")).get_by_role("button", name="Ganti").click()
    page.get_by_label(re.compile("Dengan ini saya menyatakan")).check()
    page.get_by_role("button", name="Ajukan kembali").click()
    expect(page.get_by_text("Permohonan Anda telah diajukan.")).to_be_visible()

    # The admin accepts.
    admin.reload()
    for evidence in case.evidence.filter(superseded=False):
        admin.locator(f"input[name=document-{evidence.pk}][value=valid]").check()
    for requirement in case.scheme.requirements.all():
        admin.locator(f"input[name=requirement-{requirement.pk}][value=met]").check()
    admin.get_by_role("button", name="Terima").click()
    expect(admin.get_by_text("Permohonan diterima.")).to_be_visible()

    # FR.APL.02: every answer autosaves; then the candidate submits.
    page.reload()
    page.get_by_role("link", name="Isi asesmen mandiri (FR.APL.02)").click()
    answers = page.locator("input[type=radio][value=K]")
    for index in range(answers.count()):
        answers.nth(index).check()
        expect(page.locator(".autosave .saved").nth(index)).to_have_text("Tersimpan")
    page.screenshot(path=f"{SHOTS}/journey-2-apl02.png", full_page=True)
    page.get_by_role("button", name="Ajukan asesmen mandiri").click()
    expect(page.get_by_text("Asesmen mandiri Anda telah diajukan dan dikunci.")).to_be_visible()

    # The admin assigns the assessor; the assessor recommends continuing.
    admin.reload()
    admin.get_by_label("Asesor (lisensi berlaku, skema dalam ruang lingkup)").select_option(str(asesor.pk))
    admin.get_by_role("button", name="Tetapkan").click()
    expect(admin.get_by_text("telah ditetapkan")).to_be_visible()
    reviewer = browser.new_context().new_page()
    sign_in(reviewer, url, asesor.email)
    reviewer.get_by_role("link", name=case.reference).click()
    reviewer.get_by_label("Asesmen dapat dilanjutkan").check()
    reviewer.get_by_label("Catatan").fill("Bukti memadai.")
    reviewer.get_by_role("button", name="Simpan rekomendasi").click()
    expect(reviewer.get_by_text("Rekomendasi Anda telah dicatat")).to_be_visible()

    page.goto(f"{url}/dasbor/asesi/")
    expect(page.get_by_text("Asesmen dapat dilanjutkan: tunggu jadwal Anda.")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/journey-3-continue.png", full_page=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.CONTINUE
    assert [s.step for s in case.signatures.order_by("signed_at", "id")] == [
        "declaration",
        "verification",
        "declaration",
        "verification",
        "self_assessment",
        "recommendation",
    ]
