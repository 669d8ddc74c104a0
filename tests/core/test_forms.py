"""The one rule for dates, times and numbers every form of Kompeten uses (core.forms)."""

import datetime

import pytest
from django import forms

from kompeten.core.forms import (
    BirthDateField,
    BoundedDateField,
    BoundedIntegerField,
    BoundedTimeField,
    LocalDateTimeField,
    LspProfileForm,
    latest_birth_date,
    latest_plan_date,
)

WITA = datetime.timezone(datetime.timedelta(hours=8))


class Sample(forms.Form):
    day = BoundedDateField(required=False)
    time = BoundedTimeField(required=False)
    moment = LocalDateTimeField(required=False, zone=WITA)
    count = BoundedIntegerField(min_value=1, max_value=600, required=False)


def errors(**data) -> dict:
    form = Sample(data)
    form.is_valid()
    return {name: [str(e) for e in errs] for name, errs in form.errors.items()}


def range_message() -> str:
    return f"Tanggal harus di antara 01-01-2000 dan {latest_plan_date():%d-%m-%Y}."


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01", "garbage", "9" * 1000, "2026-02-29"])
def test_an_impossible_date_is_refused(value):
    assert errors(day=value) == {"day": ["Masukkan tanggal yang benar-benar ada, misalnya 2026-03-15."]}


@pytest.mark.parametrize("value", ["0001-01-01", "1999-12-31", "9999-12-31"])
def test_a_date_out_of_range_is_refused(value):
    assert errors(day=value) == {"day": [range_message()]}


@pytest.mark.parametrize("value", ["25:61", "24:00", "9:75", "x"])
def test_an_impossible_time_is_refused(value):
    assert errors(time=value) == {"time": ["Masukkan jam yang benar, misalnya 09:30."]}


@pytest.mark.parametrize("value", ["5.0", "1e3", "²", "٣", "9" * 5000, "0", "601", "-1"])
def test_a_number_is_whole_ascii_and_in_range(value):
    assert errors(count=value) == {"count": ["Masukkan bilangan bulat dari 1 sampai 600."]}


def test_a_moment_is_read_in_the_zone_given_and_checked_before_any_conversion():
    form = Sample({"moment": "2026-03-02T10:00"})
    assert form.is_valid()
    assert form.cleaned_data["moment"] == datetime.datetime(2026, 3, 2, 2, tzinfo=datetime.UTC)
    assert errors(moment="0001-01-01T00:00") == {"moment": [range_message()]}


def test_the_lsp_licence_date_keeps_the_same_range():
    form = LspProfileForm({"name": "LSP", "licence_valid_until": "0001-01-01"})
    form.is_valid()
    assert form.errors["licence_valid_until"] == [range_message()]


@pytest.mark.parametrize("value", ["1899-12-31", "0001-01-01", "9999-12-31"])
def test_a_date_of_birth_is_plausible(value):
    field = BirthDateField()
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(value)
    assert refused.value.messages == [
        f"Tanggal harus di antara 01-01-1900 dan {latest_birth_date():%d-%m-%Y}."
    ]
    assert field.clean("1990-05-17") == datetime.date(1990, 5, 17)
