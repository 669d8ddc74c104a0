from kompeten.standards.parsing.text import join_lines, strip_markup, vocabulary


def test_markup_leaves_no_trace():
    assert strip_markup("<p>1.1 Data <i>media relations</i> &amp; **profil** *threat*</p>") == (
        "1.1 Data media relations & profil threat"
    )
    assert (
        strip_markup('• Kriteria <input type="checkbox"/> ( <i>cognitive</i> ) ,') == "Kriteria (cognitive),"
    )


def test_soft_hyphens_at_line_ends_are_undone():
    assert join_lines(["faktor yang mempertimbang-", "kan risiko"]) == "faktor yang mempertimbangkan risiko"
    assert join_lines(["menggu-", "nakan komputer"]) == "menggunakan komputer"


def test_real_hyphenated_words_keep_their_hyphen():
    assert join_lines(["memindahkan folder-", "folder kerja"]) == "memindahkan folder-folder kerja"
    assert join_lines(["mengirim e-", "mail"]) == "mengirim e-mail"
    assert join_lines(["data di-", "backup"]) == "data di-backup"
    words = vocabulary("evaluasi pasca-deployment dilakukan")
    assert join_lines(["evaluasi pasca-", "deployment"], words) == "evaluasi pasca-deployment"
    assert join_lines(["sistem Cetak-", "Biru"]) == "sistem Cetak-Biru"


def test_unit_codes_are_found_in_running_text_in_every_printed_form():
    from kompeten.standards.parsing.common import find_unit_codes

    text = (
        "M.70.MKT00.025.2 lalu N.821.100.029.02, J.63OPR00.001.2; K.62AIN00.001.2 dan M74DKV13.015.3 "
        "serta TAN. KS01.001.01 atau MSL913001A (bukan 1.1 atau Tk.I)"
    )
    assert find_unit_codes(text) == [
        "M.70.MKT00.025.2",
        "N.821.100.029.02",
        "J.63OPR00.001.2",
        "K.62AIN00.001.2",
        "M74DKV13.015.3",
        "TAN. KS01.001.01",
        "MSL913001A",
    ]
