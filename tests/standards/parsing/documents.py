"""Small documents made on the fly, in every format the parser reads."""

import io

SKKNI_ROWS = [
    ("1. Menyiapkan pekerjaan", "1.1 Alat kerja disiapkan sesuai prosedur. 1.2 Bahan kerja diperiksa."),
    ("2. Melaksanakan pekerjaan", "2.1 Pekerjaan dilaksanakan sesuai jadwal."),
]


def skkni_text() -> str:
    rows = "\n".join(f"{element}\t{kuk}" for element, kuk in SKKNI_ROWS)
    return (
        "KEPUTUSAN MENTERI KETENAGAKERJAAN\nNOMOR 7 TAHUN 2024\n\n"
        "KODE UNIT : C.10ABC00.001.1\nJUDUL UNIT : Melakukan Pekerjaan Uji\n"
        "DESKRIPSI UNIT : Unit ini tentang pekerjaan uji.\n"
        f"ELEMEN KOMPETENSI\tKRITERIA UNJUK KERJA\n{rows}\n"
        "BATASAN VARIABEL\n1. Konteks variabel\n1.1 Berlaku untuk pekerjaan uji.\n"
        "PANDUAN PENILAIAN\n5. Aspek kritis\n5.1 Ketepatan menyiapkan alat.\n"
    )


def skkni_html() -> str:
    rows = "".join(f"<tr><td>{element}</td><td>{kuk}</td></tr>" for element, kuk in SKKNI_ROWS)
    return (
        "<html><body><p>KODE UNIT : C.10ABC00.001.1</p><p>JUDUL UNIT : Melakukan <i>Pekerjaan</i> Uji</p>"
        "<p>DESKRIPSI UNIT : Unit ini tentang pekerjaan uji.</p>"
        f"<table><tr><th>ELEMEN KOMPETENSI</th><th>KRITERIA UNJUK KERJA</th></tr>{rows}</table>"
        "<p>BATASAN VARIABEL</p><p>PANDUAN PENILAIAN</p></body></html>"
    )


def skkni_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("KODE UNIT : C.10ABC00.001.1")
    document.add_paragraph("JUDUL UNIT : Melakukan Pekerjaan Uji")
    document.add_paragraph("DESKRIPSI UNIT : Unit ini tentang pekerjaan uji.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "ELEMEN KOMPETENSI", "KRITERIA UNJUK KERJA"
    for element, kuk in SKKNI_ROWS:
        cells = table.add_row().cells
        cells[0].text = element
        cells[1].text = ""
        for index, sentence in enumerate(kuk.split(". ")):
            paragraph = cells[1].paragraphs[0] if index == 0 else cells[1].add_paragraph()
            paragraph.text = sentence
    document.add_paragraph("BATASAN VARIABEL")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def skkni_pdf() -> bytes:
    rows = "".join(
        f"<tr><td style='width:40%'>{element}</td><td>{kuk.replace('. ', '.<br>')}</td></tr>"
        for element, kuk in SKKNI_ROWS
    )
    return pdf_from_html(
        "<p>KODE UNIT : C.10ABC00.001.1</p><p>JUDUL UNIT : Melakukan Pekerjaan Uji</p>"
        "<p>DESKRIPSI UNIT : Unit ini tentang pekerjaan uji.</p>"
        "<table style='width:100%'><tr><th>ELEMEN KOMPETENSI</th><th>KRITERIA UNJUK KERJA</th></tr>"
        f"{rows}</table><p>BATASAN VARIABEL</p>"
    )


def scanned_pdf() -> bytes:
    """A PDF whose only page is a picture: no text layer, like a scanned decree."""
    import base64
    import io as _io

    from PIL import Image

    buffer = _io.BytesIO()
    Image.new("RGB", (40, 40), "gray").save(buffer, format="PNG")
    encoded = base64.b64encode(buffer.getvalue()).decode()
    return pdf_from_html(f"<img src='data:image/png;base64,{encoded}' style='width:5cm'>")


def encrypted_pdf() -> bytes:
    """A minimal PDF locked with a user password (standard security handler, RC4 40-bit)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<" % (len(objects) + 1)
    out += b"ab" * 16 + b"> <" + b"ab" * 16 + b">] >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def empty_docx() -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()
