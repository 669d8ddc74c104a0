"""Words rebuilt from PDFium's character boxes: where a word ends, from the positions alone."""

from kompeten.standards.parsing.pdf import _words


def chars(text: str, *, x0: float = 100.0, width: float = 5.0, gaps=None, top: float = 50.0):
    """Boxes for ``text`` set left to right, ``gaps[i]`` points between character i and i+1 (default 0)."""
    boxes, x = [], x0
    for index, character in enumerate(text):
        boxes.append((top, x, x + width, None if character == " " else character))
        x += width + (gaps[index] if gaps and index < len(gaps) else 0.0)
    return boxes


def texts(boxes):
    return [word["text"] for word in _words(boxes)]


def test_a_space_or_a_wide_gap_ends_a_word():
    assert texts(chars("ab cd")) == ["ab", "cd"]
    assert texts(chars("abcd", gaps=[0, 2.0, 0])) == ["ab", "cd"]


def test_a_printed_number_stands_apart_from_the_word_after_it_across_a_small_gap():
    """PDFium drops a space that overlaps its neighbour: ``1.1.`` and ``Disusun`` 1.2 pt apart."""
    assert texts(chars("1.1.Di", gaps=[0, 0, 0, 1.2, 0])) == ["1.1.", "Di"]
    assert texts(chars("1.10Pe", gaps=[0, 0, 0, 0.8, 0])) == ["1.10", "Pe"]


def test_a_tightly_set_word_ends_at_a_gap_its_letters_never_show():
    assert texts(chars("jabatanditetapkan", gaps=[0] * 6 + [1.4])) == ["jabatan", "ditetapkan"]


def test_a_letter_spaced_word_stays_whole():
    assert texts(chars("pada", gaps=[1.2, 1.2, 1.2])) == ["pada"]


def test_lines_group_by_their_top_and_read_left_to_right():
    boxes = chars("kanan", x0=300) + chars("kiri", x0=100, top=51.5) + chars("bawah", top=70)
    assert texts(boxes) == ["kiri", "kanan", "bawah"]
