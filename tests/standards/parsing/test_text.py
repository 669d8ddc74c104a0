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
