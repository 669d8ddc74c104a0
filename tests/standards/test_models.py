import pytest
from django.db import IntegrityError, transaction

from kompeten.standards.models import Criterion, Element, Standard
from tests.factories import StandardFactory, UnitFactory


def test_a_unit_code_is_unique(db):
    UnitFactory(code="M.70MKT00.003.2")
    with pytest.raises(IntegrityError):
        UnitFactory(code="M.70MKT00.003.2")


def test_a_decree_number_is_unique_within_its_year(db):
    StandardFactory(number=124, year=2022)
    StandardFactory(number=124, year=2023)
    with pytest.raises(IntegrityError):
        Standard.objects.create(number=124, year=2022, title="Duplikat")


def test_elements_and_kuk_keep_a_unique_positive_order(db):
    unit = UnitFactory(elements=1)
    element = unit.elements.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Element.objects.create(unit=unit, number="1", title="Lagi", order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(element=element, number="1.9", text="Lagi", order=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(element=element, number="1.0", text="Nol", order=0)


def test_numbers_are_kept_as_printed_even_when_the_original_repeats_them(db):
    unit = UnitFactory()
    Element.objects.create(unit=unit, number="2", title="Kedua", order=1)
    Element.objects.create(unit=unit, number="2", title="Tercetak ganda", order=2)
    assert list(unit.elements.values_list("number", "order")) == [("2", 1), ("2", 2)]
