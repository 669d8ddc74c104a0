"""Counters: every reference is drawn from a locked row inside the transaction that uses it."""

import pytest
from django.db import IntegrityError, transaction

from kompeten.cases.models import Case
from kompeten.core import counters
from kompeten.core.integrity import unique_columns


def test_a_number_is_drawn_only_inside_a_transaction(transactional_db):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        counters.next_value("case:2026")


def test_numbers_follow_each_other_per_key_and_a_rollback_gives_its_number_back(db):
    with transaction.atomic():
        assert [counters.next_value("a"), counters.next_value("a"), counters.next_value("b")] == [1, 2, 1]
    with pytest.raises(RuntimeError), transaction.atomic():
        counters.next_value("a")
        raise RuntimeError("the save failed")
    with transaction.atomic():
        assert counters.next_value("a") == 3


def test_a_new_sequence_starts_after_the_numbers_already_written_and_reads_them_once(db):
    asked = []
    with transaction.atomic():
        assert counters.next_value("case:2026", start=lambda: asked.append(1) or 41) == 42
        assert counters.next_value("case:2026", start=lambda: asked.append(1) or 99) == 43
    assert asked == [1]


def test_raise_to_moves_a_sequence_forward_only(db):
    with transaction.atomic():
        assert counters.raise_to("certificate:2020", 7) is True
        assert counters.raise_to("certificate:2020", 3) is False
        assert counters.next_value("certificate:2020") == 8
    assert counters.current("certificate:2020") == 8 and counters.current("never") == 0


def test_the_highest_suffix_ignores_other_prefixes_and_other_forms(cast, scheme):
    for reference in ("APL-2026-000009", "APL-2026-000120", "APL-2025-000500", "APL-2026-K1"):
        Case.objects.create(
            reference=reference,
            asesi=cast.asesi if reference.endswith("9") else _candidate(reference),
            scheme=scheme,
            scheme_code=scheme.code,
            purpose="sertifikasi",
        )
    assert counters.highest_suffix(Case.objects, "reference", "APL-2026-") == 120


def test_unique_columns_names_the_rule_that_was_broken(cast, scheme):
    Case.objects.create(
        reference="APL-X-1", asesi=cast.asesi, scheme=scheme, scheme_code=scheme.code, purpose="sertifikasi"
    )
    with pytest.raises(IntegrityError) as same_scheme, transaction.atomic():
        Case.objects.create(
            reference="APL-X-2", asesi=cast.asesi, scheme=scheme, scheme_code=scheme.code, purpose="x"
        )
    with pytest.raises(IntegrityError) as same_reference, transaction.atomic():
        Case.objects.create(
            reference="APL-X-1", asesi=cast.asesor, scheme=scheme, scheme_code=scheme.code, purpose="x"
        )
    assert unique_columns(same_scheme.value) == ("asesi_id", "scheme_code")
    assert unique_columns(same_reference.value) == ("reference",)


def _candidate(reference):
    from tests.factories import UserFactory

    return UserFactory(email=f"{reference.lower()}@contoh.id")
