"""The case's lifecycle table (``kompeten.cases.lifecycle``) is the only place a status changes: every status
of the journey is reachable in it, every row names a service that takes that step, no code assigns a status
field outside the declared transitions, and the README's diagram is the table's."""

import ast
import fnmatch
import importlib
import inspect
import re

import pytest
from django.apps import apps

from kompeten.cases import lifecycle
from kompeten.cases.models import CaseStatus, EvidenceStatus
from kompeten.core.audit import EVENT_TEXTS
from kompeten.core.errors import DomainError
from tests.conftest import PROJECT_DIR

SOURCE = PROJECT_DIR / "src" / "kompeten"

# Where a status field may be written without a declared transition, each with its reason. A key is a path
# under src/kompeten (a glob, so that a module moved to another app stays matched) and the function's
# qualified name ("*" for the whole module). Migrations are never scanned; bench/ and tests/ are outside
# src/kompeten (their data generators and fixtures build rows directly).
ALLOWED = {
    # the transition mechanisms themselves: they set the field after checking the declared table
    ("core/transitions.py", "*"): "transition_apply sets the field of a declared Transition",
    ("cases/lifecycle.py", "*"): "case_create / case_move / evidence_judge: the case's own table",
    # not a model's field: the rows of a standard's comparison with the stored version (plain dataclasses)
    ("standards/selectors.py", "reconcile"): "comparison rows, not a model",
    # the background task queue's own bookkeeping (django-tasks' DBTaskResult), not a domain status
    ("core/worker.py", "_take_back"): "a task whose worker was lost is queued again or failed",
    ("core/worker.py", "KompetenWorker._requeue"): "a task that met a held lock is queued again",
    # a complaint's history row records the status it was moved to by a declared transition
    ("certificates/appeals.py", "complaint_update"): "ComplaintUpdate keeps the step taken, as history",
    # certificates issued before Kompeten arrive with the status the LSP's register gives them
    ("*legacy_import.py", "_row"): "imported certificates keep their recorded status",
}


def _status_models() -> set[str]:
    """The names of the models that have a ``status`` field."""
    return {
        model.__name__
        for model in apps.get_models()
        if any(field.name == "status" for field in model._meta.get_fields())
    }


class _StatusWrites(ast.NodeVisitor):
    """Every place a module writes a ``status``: ``x.status = ...`` (also in a tuple or ``+=``),
    ``setattr(x, "status", ...)``, ``.update(status=...)``, ``.create(status=...)`` and its kin,
    ``defaults={"status": ...}``, ``bulk_update(..., ["status"])`` and ``Model(status=...)`` of a model that
    has a status field."""

    WRITING_CALLS = {"update", "create", "get_or_create", "update_or_create", "bulk_create"}

    def __init__(self, models: set[str]):
        self.models, self.scope, self.found = models, [], []

    def _at(self, node):
        self.found.append((".".join(self.scope) or "<module>", node.lineno))

    def _scoped(self, node):
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scoped

    def _targets(self, target):
        if isinstance(target, (ast.Tuple, ast.List)):
            for item in target.elts:
                yield from self._targets(item)
        else:
            yield target

    def _check_targets(self, node, targets):
        for target in targets:
            for item in self._targets(target):
                if isinstance(item, ast.Attribute) and item.attr == "status":
                    self._at(node)

    def visit_Assign(self, node):
        self._check_targets(node, node.targets)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self._check_targets(node, [node.target])
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        self._check_targets(node, [node.target])
        self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        keywords = {keyword.arg: keyword.value for keyword in node.keywords}
        if name == "setattr" and len(node.args) > 1:
            if isinstance(node.args[1], ast.Constant) and node.args[1].value == "status":
                self._at(node)
        elif name in self.WRITING_CALLS or name in self.models:
            defaults = keywords.get("defaults")
            in_defaults = isinstance(defaults, ast.Dict) and any(
                isinstance(key, ast.Constant) and key.value == "status" for key in defaults.keys
            )
            if "status" in keywords or in_defaults:
                self._at(node)
        elif name == "bulk_update":
            fields = node.args[1] if len(node.args) > 1 else keywords.get("fields")
            if fields is not None and any(
                isinstance(item, ast.Constant) and item.value == "status" for item in ast.walk(fields)
            ):
                self._at(node)
        self.generic_visit(node)


def status_writes(source: str, models: set[str]) -> list[tuple[str, int]]:
    visitor = _StatusWrites(models)
    visitor.visit(ast.parse(source))
    return visitor.found


def _allowed(path: str, function: str) -> bool:
    return any(
        fnmatch.fnmatch(path, where) and (allowed == "*" or allowed == function) for where, allowed in ALLOWED
    )


def test_no_status_field_is_written_outside_a_declared_transition():
    models = _status_models()
    outside = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        if "/migrations/" in f"/{relative}":
            continue
        for function, line in status_writes(path.read_text(), models):
            if not _allowed(relative, function):
                outside.append(f"{relative}:{line} in {function}")
    assert not outside, "a status written outside its declared transition:\n" + "\n".join(outside)


def test_every_allowance_is_still_needed():
    models = _status_models()
    used = set()
    for path in SOURCE.rglob("*.py"):
        relative = path.relative_to(SOURCE).as_posix()
        for function, _line in status_writes(path.read_text(), models):
            used |= {
                key
                for key in ALLOWED
                if fnmatch.fnmatch(relative, key[0])
                and key[1] in ("*", function)
                and "/migrations/" not in relative
            }
    stale = set(ALLOWED) - used - {("core/transitions.py", "*")}  # transition_apply uses setattr(obj, field)
    assert not stale, f"allowances that allow nothing any more: {sorted(stale)}"


@pytest.mark.parametrize(
    "code",
    [
        "def f(case):\n    case.status = 'x'",
        "def f(case, other):\n    case.status, other.note = 'x', ''",
        "def f(case):\n    setattr(case, 'status', 'x')",
        "def f(qs):\n    qs.update(status='x')",
        "def f():\n    Case.objects.create(reference='r', status='x')",
        "def f():\n    Case.objects.update_or_create(pk=1, defaults={'status': 'x'})",
        "def f(cases):\n    Case.objects.bulk_update(cases, ['status'])",
        "def f():\n    return Case(reference='r', status='x')",
    ],
)
def test_the_scan_finds_each_way_of_writing_a_status(code):
    assert status_writes(code, {"Case"}) == [("f", 2)]


def test_the_scan_leaves_reads_and_http_statuses_alone():
    code = (
        "def f(case, request):\n"
        "    if case.status == 'x':\n"
        "        return render(request, 'x.html', status=404)\n"
        "    Case.objects.filter(status='x')\n"
        "    return JsonResponse({}, status=400)\n"
    )
    assert status_writes(code, {"Case"}) == []


# --- the table --------------------------------------------------------------------------------------------


def test_every_case_status_is_reachable_from_a_new_case():
    reached, frontier = set(), {lifecycle.NEW}
    while frontier:
        reached |= frontier
        frontier = {t.target for t in lifecycle.TRANSITIONS if t.sources & frontier} - reached
    assert set(CaseStatus.values) <= reached, sorted(set(CaseStatus.values) - reached)


def test_every_row_is_declared_once_with_known_states_and_a_readable_event():
    names = [transition.name for transition in lifecycle.TRANSITIONS]
    assert len(names) == len(set(names))
    for transition in lifecycle.TRANSITIONS:
        assert transition.sources <= {*CaseStatus.values, lifecycle.NEW}, transition.name
        assert transition.target in CaseStatus.values, transition.name
        assert transition.event in EVENT_TEXTS, transition.event
        assert str(transition.refused), transition.name
    for transition in lifecycle.EVIDENCE_TRANSITIONS.values():
        assert transition.target in EvidenceStatus.values
        assert transition.event in EVENT_TEXTS, transition.event


def _function(dotted: str):
    module, _dot, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name, None)


def _steps_taken(function_node: ast.AST) -> set[str]:
    """The table rows a function's calls to ``case_move`` / ``case_create`` name: a literal, either branch
    of ``a if c else b``, or the literals assigned to the variable passed."""
    assigned: dict[str, set[str]] = {}
    for node in ast.walk(function_node):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, set()).add(node.value.value)

    def literals(expr) -> set[str]:
        if isinstance(expr, ast.Constant):
            return {expr.value}
        if isinstance(expr, ast.IfExp):
            return literals(expr.body) | literals(expr.orelse)
        if isinstance(expr, ast.Name):
            return assigned.get(expr.id, set())
        return set()

    steps = set()
    for node in ast.walk(function_node):
        if isinstance(node, ast.Call):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if called in ("case_move", "case_create"):
                for keyword in node.keywords:
                    if keyword.arg == "name":
                        steps |= literals(keyword.value)
    return steps


def test_every_row_is_taken_by_the_service_it_names():
    for transition in lifecycle.TRANSITIONS:
        function = _function(transition.service)
        assert callable(function), f"{transition.name}: {transition.service} does not exist"
        node = ast.parse(inspect.getsource(inspect.unwrap(function)).lstrip())
        assert transition.name in _steps_taken(node), f"{transition.service} does not take {transition.name}"


def test_every_step_a_service_takes_is_a_row_that_names_that_service():
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).with_suffix("").as_posix()
        module = "kompeten." + relative.replace("/", ".")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for step in _steps_taken(node):
                    assert step in lifecycle.BY_NAME, f"{module}.{node.name} takes an undeclared step {step}"
                    assert lifecycle.BY_NAME[step].service == f"{module}.{node.name}", (
                        f"{module}.{node.name} takes {step}, which the table gives to "
                        f"{lifecycle.BY_NAME[step].service}"
                    )


def test_a_step_from_the_wrong_status_is_refused_with_its_message(draft):
    with pytest.raises(DomainError) as refused:
        lifecycle.case_move(actor=draft.asesi, case=draft, name="accept")
    assert refused.value.message == lifecycle.refused("accept")
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT


def test_a_new_case_cannot_be_created_by_a_step_that_moves_one(draft):
    with pytest.raises(ValueError, match="does not create a case"):
        lifecycle.case_create(actor=draft.asesi, case=draft, name="submit")


# --- the README's diagram ---------------------------------------------------------------------------------


def test_the_readme_draws_the_table():
    readme = (PROJECT_DIR / "README.md").read_text()
    section = readme.split("## The case lifecycle", 1)
    assert len(section) == 2, "README.md has no section 'The case lifecycle'"
    drawn = re.search(r"```mermaid\n.*?\n```", section[1], re.DOTALL)
    assert drawn is not None, "the section has no mermaid block"
    assert drawn.group(0) == lifecycle.mermaid(), "regenerate it: python -c 'print(lifecycle.mermaid())'"


def test_the_diagram_has_one_edge_per_source_of_each_row():
    edges = [line for line in lifecycle.mermaid().splitlines() if "-->" in line and not line.endswith("[*]")]
    assert len(edges) == sum(len(transition.sources) for transition in lifecycle.TRANSITIONS)
    assert "    [*] --> draft: open (asesi)" in edges
