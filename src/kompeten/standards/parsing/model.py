"""What a parsed document holds, as plain dataclasses; ``Document.as_contract()`` gives the JSON contract."""

from dataclasses import asdict, dataclass, field

VARIABLE_KEYS = ("context", "tools", "equipment", "regulations", "norms", "standards")
KINDS = ("skkni", "apl02", "scheme", "unit_listing")


@dataclass
class Kuk:
    no: str
    text: str


@dataclass
class Element:
    no: str
    title: str
    kuk: list[Kuk] = field(default_factory=list)


@dataclass
class Unit:
    code: str | None
    title: str
    code_printed: str | None = None
    description: str | None = None
    elements: list[Element] = field(default_factory=list)
    prerequisites: list[str] = field(default_factory=list)
    knowledge: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    attitudes: list[str] = field(default_factory=list)
    critical_aspects: list[str] = field(default_factory=list)
    variables: dict[str, list[str]] = field(default_factory=lambda: {key: [] for key in VARIABLE_KEYS})


@dataclass
class Decree:
    number: int | None = None
    year: int | None = None
    enacted: str | None = None  # ISO date
    replaces: str | None = None


@dataclass
class SchemeFacts:
    code: str | None = None
    title: str | None = None
    kind: str | None = None  # KKNI | Okupasi | Klaster
    requirements: list[str] = field(default_factory=list)
    basic_evidence: list[str] = field(default_factory=list)
    admin_evidence: list[str] = field(default_factory=list)
    methods: list[dict] = field(default_factory=list)
    validity_years: int | None = None
    rights: list[str] = field(default_factory=list)
    obligations: list[str] = field(default_factory=list)
    fee: str | None = None


@dataclass
class Document:
    kind: str
    title: str | None = None
    decree: Decree | None = None
    scheme: SchemeFacts | None = None
    assessor_name: str | None = None
    unit_list: list[dict] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_contract(self) -> dict:
        """The parser contract of docs/ARCHITECTURE.md: every key present, null where it does not apply."""
        data = asdict(self)
        data["units"] = [{key: unit[key] for key in UNIT_KEYS} for unit in data["units"]]
        return {key: data[key] for key in DOCUMENT_KEYS}


DOCUMENT_KEYS = ("kind", "title", "decree", "scheme", "assessor_name", "unit_list", "units", "warnings")
UNIT_KEYS = (
    "code",
    "code_printed",
    "title",
    "description",
    "elements",
    "prerequisites",
    "knowledge",
    "skills",
    "attitudes",
    "critical_aspects",
    "variables",
)
