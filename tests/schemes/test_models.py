import pytest
from django.db import IntegrityError, transaction

from kompeten.schemes.models import SchemeKind, SchemeStatus, SchemeUnit
from tests.factories import SchemeFactory, UnitFactory


def test_only_one_version_of_a_scheme_is_active(db):
    SchemeFactory(code="SKM/01", version=1, status=SchemeStatus.ACTIVE)
    SchemeFactory(code="SKM/01", version=2, status=SchemeStatus.DRAFT)
    with pytest.raises(IntegrityError):
        SchemeFactory(code="SKM/01", version=3, status=SchemeStatus.ACTIVE)


def test_a_code_and_version_pair_is_unique(db):
    SchemeFactory(code="SKM/01", version=1)
    with pytest.raises(IntegrityError):
        SchemeFactory(code="SKM/01", version=1)


@pytest.mark.parametrize(
    ("kind", "level"), [(SchemeKind.KKNI, None), (SchemeKind.KKNI, 10), (SchemeKind.OKUPASI, 0)]
)
def test_the_database_refuses_an_impossible_kkni_level(db, kind, level):
    with pytest.raises(IntegrityError):
        SchemeFactory(kind=kind, kkni_level=level)


def test_a_scheme_lists_each_unit_once_in_a_unique_order(db):
    unit, other = UnitFactory(), UnitFactory()
    scheme = SchemeFactory(units=[unit])
    with pytest.raises(IntegrityError), transaction.atomic():
        SchemeUnit.objects.create(scheme=scheme, unit=unit, order=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        SchemeUnit.objects.create(scheme=scheme, unit=other, order=1)
    assert scheme.validity_years == 3
