import factory
from allauth.account.models import EmailAddress

from kompeten.accounts.models import Role, RoleAssignment, User
from kompeten.schemes.models import Scheme, SchemeKind, SchemeStatus, SchemeUnit
from kompeten.standards.models import Criterion, Element, Standard, Unit

PASSWORD = "rahasia-uji-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.id")
    full_name = factory.Sequence(lambda n: f"Pengguna {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create, value, **kwargs):
        if create and value is not False:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)

    @factory.post_generation
    def roles(self, create, roles, **kwargs):
        for role in roles or ():
            RoleAssignment.objects.create(user=self, role=role)
        if roles and set(roles) & {Role.ADMIN_LSP, Role.MANAJER_SERTIFIKASI}:
            self.is_staff = True
            self.save(update_fields=["is_staff"])


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard

    number = factory.Sequence(lambda n: 100 + n)
    year = 2022
    title = factory.Sequence(lambda n: f"Standar Kompetensi Uji {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        skip_postgeneration_save = True

    standard = factory.SubFactory(StandardFactory)
    code = factory.Sequence(lambda n: f"M.70MKT00.{n:03d}.2")
    code_printed = factory.LazyAttribute(lambda unit: unit.code or "")
    title = factory.Sequence(lambda n: f"Melaksanakan Pekerjaan Uji {n}")

    @factory.post_generation
    def elements(self, create, count, **kwargs):
        """``UnitFactory(elements=2)``: two elements with two KUK each."""
        for element_order in range(1, (count or 0) + 1):
            element = Element.objects.create(
                unit=self, number=str(element_order), title=f"Elemen {element_order}", order=element_order
            )
            for kuk_order in (1, 2):
                Criterion.objects.create(
                    element=element,
                    number=f"{element_order}.{kuk_order}",
                    text=f"Kriteria {element_order}.{kuk_order} dipenuhi.",
                    order=kuk_order,
                )


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"SKM/UJI/{n:03d}/2026")
    title = factory.Sequence(lambda n: f"Skema Uji {n}")
    kind = SchemeKind.OKUPASI
    status = SchemeStatus.DRAFT

    @factory.post_generation
    def units(self, create, units, **kwargs):
        for order, unit in enumerate(units or (), start=1):
            SchemeUnit.objects.create(scheme=self, unit=unit, order=order)
