"""The whole certification lifecycle in Chromium, one step after another on the same data.

An Admin LSP imports an SKKNI and an FR.APL.02 as a draft scheme and activates it; a candidate registers,
applies and is verified, self-assesses, is reviewed, scheduled and assessed (taking the written test in her
own browser), decided competent by the committee, certified, and verified by an anonymous visitor through the
certificate's QR address. A second candidate of the same jadwal is decided not yet competent, appeals
(FR.AK.04), and a panel of independent staff, formed by an Admin LSP who took no part, hears and decides it.

With ``KOMPETEN_SCREENSHOTS=1`` every main page is saved to ``docs/screenshots/`` for the README.
"""

import datetime
import io
import os
import re

from django.core import mail
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from kompeten.accounts.models import Role
from kompeten.accounts.services import assessor_profile_set
from kompeten.assessments.models import AssessmentSession, Question
from kompeten.cases import services as cases
from kompeten.cases.models import Case, CaseStatus
from kompeten.certificates.models import Appeal, AppealStatus, Certificate
from kompeten.certificates.printing import verification_url
from kompeten.core.services import lsp_profile_update
from kompeten.schemes.models import EvidenceKind, Scheme, SchemeStatus
from tests.assessment_fixtures import verified_tuk
from tests.case_fixtures import PDF, complete_profile
from tests.conftest import PROJECT_DIR
from tests.e2e.browsing import TABLET, sign_in
from tests.factories import UserFactory

SCREENSHOTS = os.environ.get("KOMPETEN_SCREENSHOTS") == "1"
SCREENSHOT_DIR = PROJECT_DIR / "docs" / "screenshots"
MAX_SHOT_HEIGHT = 2000  # px: long pages (the 151-KUK observation checklist) are cut here
SCHEME_TITLE = "Memberikan Layanan Konsultasi Manajemen Pemasaran"
EMAIL_RINA, PASSWORD_RINA = "rina.kartika@contoh.id", "sandi-kuat-2026!"


def shot(page: Page, name: str, focus: str | None = None) -> None:
    """A full-page PNG of ``page`` when screenshots are asked for: its first 2000 px, or, on a long page,
    the 2000 px that begin just above the element ``focus`` (a CSS selector)."""
    if not SCREENSHOTS:
        return
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    width, height = page.evaluate(
        "[document.documentElement.clientWidth, document.documentElement.scrollHeight]"
    )
    top = 0
    if focus is not None:
        element_top = page.locator(focus).first.evaluate(
            "element => element.getBoundingClientRect().top + window.scrollY"
        )
        top = max(0, min(int(element_top) - 150, height - MAX_SHOT_HEIGHT))
    png = page.screenshot(
        type="png",
        full_page=True,
        clip={"x": 0, "y": top, "width": width, "height": min(height - top, MAX_SHOT_HEIGHT)},
    )
    # 256 colours are plenty for a page of text and keep the README's images about a third of the size
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    image.save(SCREENSHOT_DIR / f"{name}.png", optimize=True)


def upload(page: Page, url: str, path) -> None:
    page.goto(f"{url}/impor/")
    page.get_by_label(re.compile(r"^Dokumen")).set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan baca").click()


def staff(email: str, full_name: str, role: Role):
    return UserFactory(email=email, full_name=full_name, roles=[role])


def ready_to_schedule(asesi, scheme, *, admin, asesor) -> Case:
    """FR.APL.01 and FR.APL.02 of a second candidate through the services, up to "can continue"."""
    case = cases.case_open(actor=asesi, scheme=scheme, purpose="sertifikasi")
    for requirement in scheme.evidence.all():
        cases.evidence_upload(
            actor=asesi, case=case, name="ktp-dodi.pdf", data=PDF + b"dodi", requirement=requirement
        )
    case = cases.case_submit(actor=asesi, case=case, declaration=True)
    case = cases.case_verify(
        actor=admin,
        case=case,
        documents={e.pk: cases.DocumentDecision(True) for e in case.evidence.filter(superseded=False)},
        requirements={r.pk: True for r in scheme.requirements.all()},
        outcome="accept",
    )
    for element in cases.case_elements(case):
        cases.self_assessment_save(
            actor=asesi, case=case, element=element, version=0, answer="K", evidence_note="Laporan kerja"
        )
    case = cases.self_assessment_submit(actor=asesi, case=case)
    case = cases.asesor_assign(actor=admin, case=case, asesor=asesor)
    return cases.apl02_review(actor=asesor, case=case, can_continue=True, note="Bukti memadai.")


def test_the_whole_lifecycle_from_import_to_appeal(live_server, browser: Browser, shared_dir):
    url = live_server.url
    seeds = shared_dir / "seeds"
    # The LSP's people. Ketua and the three panel members take no part in any assessment: the panel of an
    # appeal must be independent of the case, and so must whoever forms it.
    admin = staff("admin@lsp.id", "Ani Admin", Role.ADMIN_LSP)
    manajer = staff("manajer@lsp.id", "Made Manajer", Role.MANAJER_SERTIFIKASI)
    komite = staff("komite@lsp.id", "Kurnia Komite", Role.KOMITE_TEKNIS)
    asesor = staff("asesor@lsp.id", "Agus Asesor", Role.ASESOR)
    ketua = staff("ketua@lsp.id", "Kartika Ketua LSP", Role.ADMIN_LSP)
    panel = [
        staff("panel1@lsp.id", "Pandu Panel", Role.KOMITE_TEKNIS),
        staff("panel2@lsp.id", "Putri Panel", Role.KOMITE_TEKNIS),
        staff("panel3@lsp.id", "Prasetyo Panel", Role.MANAJER_SERTIFIKASI),
    ]
    lsp_profile_update(
        actor=admin,
        name="LSP Kompeten Uji",
        bnsp_licence_number="BNSP-LSP-000-ID-UJI",
        licence_valid_until=timezone.localdate() + datetime.timedelta(days=365),
        address="Jl. Contoh No. 1, Jakarta",
        phone="021-5550100",
        email="lsp@lsp.id",
        head_name="Kartika Ketua LSP",
        head_title="Ketua LSP",
    )

    # 1. The Admin LSP imports the SKKNI, then the FR.APL.02 as a draft scheme, and activates it.
    office = sign_in(browser, url, admin.email)
    upload(office, url, seeds / "002_50698809bdac173a.txt")
    expect(office.get_by_role("heading", name="Dibandingkan dengan basis data")).to_be_visible()
    shot(office, "01-import-preview")
    office.get_by_role("button", name="Impor standar").click()
    expect(office.get_by_text("Dokumen ini sudah diimpor.")).to_be_visible()
    upload(office, url, seeds / "001_fc7e7a7da436c8e2.txt")
    expect(office.get_by_role("heading", name="Rekonsiliasi dengan SKKNI")).to_be_visible()
    office.get_by_role("button", name="Buat draf skema").click()
    expect(office.get_by_text("Dokumen ini sudah diimpor.")).to_be_visible()
    scheme = Scheme.objects.get(title=SCHEME_TITLE)
    # An FR.APL.02 lists no basic requirements or documents to upload; the LSP adds them to the draft in
    # Django's admin (scheme inlines). Not what this journey shows, so done here.
    scheme.requirements.create(text="Pengalaman kerja di bidang pemasaran minimal 2 tahun", order=1)
    scheme.evidence.create(kind=EvidenceKind.ADMINISTRATIVE, text="Fotokopi KTP", order=1)
    office.get_by_role("link", name="Buka draf skema").click()
    office.get_by_role("button", name="Aktifkan skema").click()
    expect(office.get_by_text("Skema telah aktif dan terbuka untuk pemohon.")).to_be_visible()
    scheme.refresh_from_db()
    assert (scheme.status, scheme.scheme_units.count()) == (SchemeStatus.ACTIVE, 12)
    shot(office, "02-scheme-active")

    # Setup that is not part of the journey: the assessor's licence and scope, a TUK verified for the
    # scheme, two written-test questions.
    assessor_profile_set(
        actor=admin,
        user=asesor,
        met_number="MET.000.000123 2025",
        licence_expires_on=timezone.localdate() + datetime.timedelta(days=365),
    ).schemes.add(scheme)
    tuk = verified_tuk(scheme, manajer, name="TUK Sewaktu Jakarta", days=30)
    first_unit = scheme.scheme_units.order_by("order").first().unit
    Question.objects.create(
        unit=first_unit,
        text="Apa yang dipetakan untuk mengelola momen kebenaran?",
        options=["Titik-titik interaksi dengan pelanggan", "Laporan keuangan tahunan"],
        answer=0,
    )
    Question.objects.create(
        unit=first_unit,
        text="Kapan kinerja pelayanan diukur?",
        options=["Tidak pernah", "Secara berkala"],
        answer=1,
    )

    # 2. Rina registers, verifies her e-mail address, fills in her profile and applies (FR.APL.01).
    rina = browser.new_context(viewport=TABLET).new_page()
    rina.goto(f"{url}/akun/signup/")
    rina.get_by_label("Email").fill(EMAIL_RINA)
    rina.get_by_label("Kata sandi:", exact=True).fill(PASSWORD_RINA)
    rina.get_by_label("Kata sandi (lagi):", exact=True).fill(PASSWORD_RINA)
    rina.get_by_label("Nama lengkap (sesuai KTP)").fill("Rina Kartika")
    rina.locator("input[name=consent]").check()
    shot(rina, "03-registration")
    rina.get_by_role("button", name="Daftar").click()
    expect(rina).to_have_url(f"{url}/akun/confirm-email/")  # the server has sent the mail by now
    link = re.search(r"http://\S+/akun/confirm-email/\S+/", mail.outbox[-1].body).group()
    rina.goto(link.replace("http://testserver", url).replace("http://127.0.0.1:8000", url))
    rina.goto(f"{url}/akun/login/")
    rina.get_by_label("Email").fill(EMAIL_RINA)
    rina.get_by_label("Kata sandi").fill(PASSWORD_RINA)
    rina.get_by_role("button", name="Masuk").click()
    expect(rina.locator(".dashboard")).to_be_visible()
    rina.goto(f"{url}/dasbor/profil/")
    rina.get_by_label("Kewarganegaraan").select_option("WNI")
    rina.get_by_label("NIK").fill("3171015708900002")
    rina.get_by_label("Provinsi penerbit KTP").select_option("31")
    rina.get_by_label("Tempat lahir").fill("Jakarta")
    rina.get_by_label("Tanggal lahir").fill("1990-08-17")
    rina.get_by_label("Jenis kelamin").select_option("P")
    rina.get_by_label("Alamat rumah").fill("Jl. Melati 5, Jakarta")
    rina.get_by_label("Telepon").fill("0812-1111-2222")
    rina.get_by_label("Pendidikan terakhir").select_option("S1")
    rina.get_by_role("button", name="Simpan").click()
    expect(rina.get_by_text("Profil Anda telah disimpan.")).to_be_visible()
    rina.goto(f"{url}/permohonan/")
    rina.get_by_role("link", name="Ajukan", exact=True).click()
    rina.get_by_role("button", name="Mulai permohonan").click()
    rina.get_by_label("Fotokopi KTP").set_input_files(
        files=[{"name": "ktp-rina.pdf", "mimeType": "application/pdf", "buffer": PDF + b"rina"}]
    )
    rina.get_by_role("row", name=re.compile("Fotokopi KTP")).get_by_role("button", name="Unggah").click()
    rina.get_by_label(re.compile("Dengan ini saya menyatakan")).check()
    rina.get_by_role("button", name="Ajukan permohonan").click()
    expect(rina.get_by_text("Permohonan Anda telah diajukan.")).to_be_visible()
    shot(rina, "04-application")
    case = Case.objects.get(asesi__email=EMAIL_RINA)

    # 3. The admin verifies the application from the queue.
    office.goto(f"{url}/verifikasi/")
    expect(office.get_by_role("link", name=case.reference)).to_be_visible()
    shot(office, "05-verification-queue")
    office.get_by_role("link", name=case.reference).click()
    for evidence in case.evidence.filter(superseded=False):
        office.locator(f"input[name=document-{evidence.pk}][value=valid]").check()
    for requirement in scheme.requirements.all():
        office.locator(f"input[name=requirement-{requirement.pk}][value=met]").check()
    office.get_by_role("button", name="Terima").click()
    expect(office.get_by_text("Permohonan diterima.")).to_be_visible()

    # 4. FR.APL.02: Rina answers every element (each answer autosaves) and submits.
    rina.reload()
    rina.get_by_role("link", name="Isi asesmen mandiri (FR.APL.02)").click()
    answers = rina.locator("input[type=radio][value=K]")
    assert answers.count() == 38
    for index in range(answers.count()):
        answers.nth(index).check()
        expect(rina.locator(".autosave .saved").nth(index)).to_have_text("Tersimpan")
    shot(rina, "06-self-assessment")
    rina.get_by_role("button", name="Ajukan asesmen mandiri").click()
    expect(rina.get_by_text("Asesmen mandiri Anda telah diajukan dan dikunci.")).to_be_visible()

    # 5. The admin assigns the assessor, who reviews FR.APL.02: the assessment can continue.
    office.reload()
    office.get_by_label("Asesor (lisensi berlaku, skema dalam ruang lingkup)").select_option(str(asesor.pk))
    office.get_by_role("button", name="Tetapkan").click()
    expect(office.get_by_text("telah ditetapkan")).to_be_visible()
    assessor = sign_in(browser, url, asesor.email)
    assessor.get_by_role("link", name=case.reference).click()
    assessor.get_by_label("Asesmen dapat dilanjutkan").check()
    assessor.get_by_label("Catatan").fill("Bukti memadai; asesmen dapat dilanjutkan.")
    shot(assessor, "07-assessor-review", focus="form[action$='/tinjauan/']")
    assessor.get_by_role("button", name="Simpan rekomendasi").click()
    expect(assessor.get_by_text("Rekomendasi Anda telah dicatat")).to_be_visible()

    # A second candidate of the same scheme, taken to "can continue" through the services.
    dodi = UserFactory(email="dodi@contoh.id", full_name="Dodi Pratama", roles=[Role.ASESI])
    complete_profile(dodi)
    second = ready_to_schedule(dodi, scheme, admin=admin, asesor=asesor)

    # 6. The manajer creates the jadwal for tomorrow and schedules both; the assessor declares no conflict.
    manager = sign_in(browser, url, manajer.email)
    manager.goto(f"{url}/jadwal/")
    manager.get_by_text("Jadwal baru").click()
    manager.locator("#id_scheme").select_option(value=str(scheme.pk))
    manager.locator("#id_tuk").select_option(value=str(tuk.pk))
    manager.locator("#id_date").fill((timezone.localdate() + datetime.timedelta(days=1)).isoformat())
    manager.locator("#id_start").fill("08:00")
    manager.locator("#id_end").fill("16:00")
    manager.locator("#id_quota").fill("10")
    manager.get_by_role("button", name="Buat jadwal").click()
    for candidate in (case, second):
        manager.locator("#case").select_option(value=str(candidate.pk))
        manager.get_by_role("button", name="Tambahkan ke jadwal").click()
        expect(manager.get_by_text(f"{candidate.asesi} telah dijadwalkan.")).to_be_visible()
    session = AssessmentSession.objects.get(scheme=scheme)
    rina_p, dodi_p = session.participants.get(case=case), session.participants.get(case=second)
    assessor.goto(f"{url}/jadwal/{session.pk}/")
    assessor.get_by_role("button", name="Saya menyatakan demikian dan menerima penugasan").click()
    expect(assessor.get_by_text("Pernyataan Anda telah dicatat.")).to_be_visible()
    manager.reload()
    shot(manager, "08-jadwal")

    # 7. FR.AK.01: the assessor sets out the plan, each candidate agrees in her or his own browser.
    dodi_page = sign_in(browser, url, dodi.email)
    for participant, methods, candidate in (
        (rina_p, ("Observasi langsung", "Tes tertulis"), rina),
        (dodi_p, ("Observasi langsung",), dodi_page),
    ):
        assessor.goto(f"{url}/asesmen/{participant.pk}/")
        for method in methods:
            assessor.get_by_label(method).check()
        assessor.get_by_role("button", name="Susun FR.AK.01 dan konfirmasi").click()
        expect(assessor.get_by_text("FR.AK.01 telah disusun")).to_be_visible()
        candidate.goto(f"{url}/asesmen/{participant.pk}/")
        candidate.get_by_role("button", name="Saya menyetujui rencana asesmen dan pernyataan di atas").click()
        expect(candidate.get_by_text("Anda telah menyetujui FR.AK.01.")).to_be_visible()

    # 8. FR.IA.01 observation: Rina competent, Dodi not yet on the last unit.
    for participant, recommendation in ((rina_p, "Kompeten (K)"), (dodi_p, "Belum kompeten (BK)")):
        assessor.goto(f"{url}/asesmen/{participant.pk}/instrumen/IA.01/")
        toggles = assessor.locator(".kbk-field").filter(has=assessor.locator("input[value=K]"))
        assert toggles.count() == 151
        for index in range(3):
            toggles.nth(index).get_by_text("K", exact=True).click()
            expect(toggles.nth(index).locator(".autosave-status")).to_have_text("Tersimpan")
        if participant == rina_p:
            shot(assessor, "09-observation-ia01")
        assessor.get_by_label(recommendation).check()
        assessor.get_by_role("button", name="Simpulkan dan kunci").click()
        expect(assessor.get_by_text("Instrumen telah disimpulkan.")).to_be_visible()

    # 9. FR.IA.05: the assessor opens the written test; Rina takes it in her browser.
    assessor.goto(f"{url}/asesmen/{rina_p.pk}/")
    assessor.get_by_label("Batas lulus (%)").fill("50")
    assessor.get_by_role("button", name="Buka ujian tertulis (FR.IA.05)").click()
    expect(assessor.get_by_text("Ujian tertulis telah dibuka untuk asesi.")).to_be_visible()
    rina.goto(f"{url}/asesmen/{rina_p.pk}/")
    rina.get_by_role("link", name="Kerjakan ujian tertulis").click()
    expect(rina.get_by_text("Sisa waktu")).to_be_visible()
    rina.wait_for_load_state()  # the autosave script runs before the answers are chosen
    for option in ("Titik-titik interaksi dengan pelanggan", "Secara berkala"):  # in random order
        rina.get_by_label(option).check()
        expect(rina.locator("li", has_text=option).locator(".autosave-status")).to_have_text("Tersimpan")
    shot(rina, "10-online-test-ia05")
    rina.get_by_role("button", name="Kumpulkan ujian").click()
    expect(rina.get_by_text("100%")).to_be_visible()

    # 10. FR.AK.02 recorded by the assessor and signed by each candidate.
    last_unit = scheme.scheme_units.order_by("order").last().unit
    for participant, candidate in ((rina_p, rina), (dodi_p, dodi_page)):
        assessor.goto(f"{url}/asesmen/{participant.pk}/")
        for radio in assessor.locator("#ak02 input[type=radio][value=yes]").all():
            radio.check()
        if participant == dodi_p:
            assessor.locator(f"#ak02 input[name=sufficient-{last_unit.pk}][value=no]").check()
            assessor.locator("#ak02").get_by_label("Belum kompeten (BK)").check()
            assessor.get_by_label("Tindak lanjut").fill("Asesmen ulang unit terakhir.")
        else:
            assessor.locator("#ak02").get_by_label("Kompeten (K)").check()
            shot(assessor, "11-record-ak02", focus="#ak02")
        assessor.get_by_role("button", name="Catat dan tandatangani FR.AK.02").click()
        expect(assessor.get_by_text("FR.AK.02 telah dicatat dan ditandatangani")).to_be_visible()
        candidate.goto(f"{url}/asesmen/{participant.pk}/")
        candidate.get_by_role("button", name="Saya menandatangani FR.AK.02").click()
        expect(candidate.get_by_text("Anda telah menandatangani FR.AK.02.")).to_be_visible()

    # 11. The committee decides: Rina competent, Dodi not yet competent (the last unit).
    committee = sign_in(browser, url, komite.email)
    committee.goto(f"{url}/keputusan/{session.pk}/")
    for participant, outcome in ((rina_p, "Kompeten (K)"), (dodi_p, "Belum kompeten (BK)")):
        card = committee.locator(f"#p{participant.pk}")
        card.get_by_label(outcome).check()
        card.get_by_role("button", name="Catat keputusan").click()
        expect(committee.locator(f"#p{participant.pk}")).to_contain_text(f"Keputusan: {outcome}")
    shot(committee, "12-committee-decision")

    # 12. The admin issues Rina's certificate.
    office.goto(f"{url}/sertifikat/")
    office.get_by_role("row", name=case.reference).get_by_role("button", name="Terbitkan sertifikat").click()
    expect(office.get_by_text(re.compile(r"Sertifikat .+ telah diterbitkan\."))).to_be_visible()
    certificate = Certificate.objects.get(case=case)
    expect(office.get_by_text(certificate.number).first).to_be_visible()
    office.goto(f"{url}/sertifikat/")
    shot(office, "13-certificates")

    # 13. An anonymous visitor opens the address of the certificate's QR code.
    qr_path = verification_url(certificate).split("://", 1)[1].split("/", 1)[1]
    visitor = browser.new_context(viewport=TABLET).new_page()
    visitor.goto(f"{url}/{qr_path}")
    expect(visitor.locator(".verification .badge")).to_have_text("Berlaku")
    expect(visitor.get_by_text("Rina Kartika")).to_be_visible()
    expect(visitor.get_by_text(certificate.number)).to_be_visible()
    shot(visitor, "14-public-verification")

    # 14. Dodi appeals the decision from his case page (FR.AK.04).
    dodi_page.goto(f"{url}/permohonan/{second.pk}/")
    dodi_page.get_by_role("link", name="Banding (FR.AK.04)").click()
    explained = dodi_page.get_by_role("group", name="Apakah proses banding telah dijelaskan kepada Anda?")
    explained.get_by_label("Ya").check()
    discussed = dodi_page.get_by_role("group", name="Apakah Anda telah mendiskusikan banding dengan asesor?")
    discussed.get_by_label("Tidak").check()
    dodi_page.get_by_label("Alasan banding").fill(
        "Bukti portofolio untuk unit terakhir tidak dipertimbangkan saat observasi."
    )
    shot(dodi_page, "15-appeal-form")
    dodi_page.get_by_role("button", name="Ajukan banding").click()
    expect(
        dodi_page.get_by_text("Banding Anda diajukan; LSP membentuk panel untuk menyidangkannya.")
    ).to_be_visible()
    appeal = Appeal.objects.get(case=second)

    # 15. Ketua, an Admin LSP who took no part in the case, forms the panel of three independent staff.
    head = sign_in(browser, url, ketua.email)
    head.goto(f"{url}/banding/{appeal.pk}/")
    for involved in (admin, manajer, komite, asesor):  # verified, scheduled, decided, assessed: not offered
        expect(head.get_by_label(involved.full_name)).to_have_count(0)
    for member in panel:
        head.get_by_label(member.full_name).check()
    head.get_by_role("button", name="Bentuk panel").click()
    expect(head.get_by_text("Panel dibentuk dan anggotanya diberi tahu.")).to_be_visible()

    # 16. A panel member records the hearing (this minute) and the panel's decision.
    member = sign_in(browser, url, panel[0].email)
    member.goto(f"{url}/banding/{appeal.pk}/")
    held_at = member.get_by_label("Diadakan pada")
    held_at.fill(held_at.get_attribute("max"))  # the page's current local minute: never in the future
    member.get_by_label("Notulen sidang").fill("Panel mendengar asesi dan memeriksa FR.IA.01 serta FR.AK.02.")
    member.get_by_role("button", name="Catat sidang").click()
    expect(member.get_by_text("Sidang dicatat.")).to_be_visible()
    member.get_by_label("Diterima: asesmen ulang oleh asesor lain").check()
    member.get_by_label("Alasan putusan").fill("Bukti portofolio belum dinilai; asesi diases ulang.")
    member.get_by_role("button", name="Catat keputusan").click()
    expect(member.get_by_text("Putusan panel dicatat dan asesi diberi tahu.")).to_be_visible()
    shot(member, "16-appeal-decided")

    # What the journey left behind.
    case.refresh_from_db()
    second.refresh_from_db()
    appeal.refresh_from_db()
    assert case.status == CaseStatus.CERTIFIED
    assert second.status == CaseStatus.NOT_YET_COMPETENT
    assert appeal.status == AppealStatus.UPHELD_REASSESSMENT
    assert appeal.reassessment_case.status == CaseStatus.CONTINUE
    assert set(appeal.panel_members.values_list("member__email", flat=True)) == {m.email for m in panel}
