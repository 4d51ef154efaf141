"""The interface's texts (SPEC §13): every message the code marks has a bokmål translation,
the translations are real (not the English left in place) and keep their placeholders, the
shipped template is the one the sources give, and the plurals come out right.

Messages are found the way a translator's tool finds them: Babel's extractor over the
sources (policy_model.i18n.template, the same as `python -m policy_model.i18n extract`)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from policy_model import i18n

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = set(i18n.KEYWORDS)
MARKERS = {"_", "M", "MP", "N_", "NP_", "NC_", "ngettext_f", "pgettext", "ngettext"}


@pytest.fixture(scope="module")
def template():
    return i18n.template()


@pytest.fixture(scope="module")
def bokmal():
    return i18n.read_catalogue("nb")


def _key(message):
    return (message.context, message.id)


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, (tuple, list)) else [message.string]


def test_every_message_in_the_code_has_a_bokmal_translation(template, bokmal):
    translated = {_key(m): m for m in bokmal if m.id}
    missing = []
    for message in template:
        if not message.id:
            continue
        found = translated.get(_key(message))
        if found is None or found.fuzzy or not all(_strings(found)):
            missing.append(message.id)
    assert not missing, (
        f"{len(missing)} messages have no bokmål translation; run `python -m policy_model.i18n extract` "
        f"and translate them in policy_model/locale/nb/LC_MESSAGES/pjd.po: {missing[:10]}"
    )


def test_the_shipped_template_is_what_the_sources_give(template):
    """A drift test, like the schemas': `python -m policy_model.i18n extract` writes it."""
    from babel.messages.pofile import read_po

    with open(i18n.TEMPLATE, "rb") as handle:
        shipped = read_po(handle)
    assert {_key(m) for m in shipped if m.id} == {_key(m) for m in template if m.id}, (
        "policy_model/locale/pjd.pot is out of date: run `python -m policy_model.i18n extract`"
    )


# Where the same text is right in both languages: names, codes, and the like.
SAME_IN_BOTH = {
    "Status",  # the same word
    "Format",
    "HPR",
    "Info",
    "info",
    "pilot",
    "normal",
    "OK",
    "ID",
    "Id",
    "–",
    "{size} MiB",
    "{size} KiB",
}


def _is_sentence(text: str) -> bool:
    """Three or more words of letters outside the placeholders: a text a person reads as a sentence."""
    bare = re.sub(r"\{[^}]*\}|%\(\w+\)[sr]|%[sr]", " ", text)
    return len(re.findall(r"[A-Za-zÆØÅæøå]{2,}", bare)) >= 3


def test_no_bokmal_translation_is_the_english_left_in_place(bokmal):
    untranslated = []
    for message in bokmal:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for english, norwegian in zip(ids, _strings(message)):
            if norwegian == english and english not in SAME_IN_BOTH and _is_sentence(english):
                untranslated.append(english)
    assert not untranslated, f"these bokmål texts are the English ids unchanged: {untranslated[:10]}"


def _placeholders(text: str) -> set[str]:
    brace = {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name}
    percent = set(re.findall(r"%\((\w+)\)[sr]", text)) | ({"%s"} if re.search(r"%[sr]", text) else set())
    return brace | percent


def test_translations_keep_the_placeholders(bokmal):
    """A `{name}` lost or misspelt in a translation would fail (or print wrong) only when shown.
    A singular may leave out `{n}` ("den ene cellen")."""
    wrong = []
    for message in bokmal:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = _placeholders(ids[-1]) | _placeholders(ids[0])
        for index, translation in enumerate(_strings(message)):
            got = _placeholders(translation)
            allowed = [expected, expected - {"n"}] if index == 0 and len(ids) > 1 else [expected]
            if got not in allowed:
                wrong.append((message.id, translation))
    assert not wrong, wrong[:5]


def test_the_catalogues_compile_and_load():
    for lang in i18n.LANGUAGES:
        i18n._catalogues.pop(lang, None)
        with i18n.using(lang):
            assert i18n.gettext("Save") == {"nb": "Lagre", "en": "Save"}[lang]


# -- how the code marks its texts --------------------------------------------------------------------
def _python_files():
    for package in i18n.PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def test_no_message_is_built_before_it_is_translated():
    """`_(f"…")`, `_("a" + b)` or `_("…".format(…))` cannot be in the catalogue: Babel skips them,
    and the text would stay English. (A variable is fine: it holds a text marked with N_.)"""
    wrong = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS):
                continue
            texts = node.args[:2] if node.func.id in ("MP", "NP_", "ngettext_f", "ngettext", "NC_", "pgettext") else node.args[:1]
            for arg in texts:
                built = isinstance(arg, (ast.JoinedStr, ast.BinOp)) or (
                    isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and arg.func.attr == "format"
                )
                if built:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not wrong, f"messages built before they are translated: {wrong}"


def test_babel_sees_every_marked_text():
    """A `_("…")` inside an f-string's braces is a marked text Babel's extractor may not see
    (it depends on the Python version); then it is never translated. Every literal marked in
    the code must be in the template."""
    pytest.importorskip("babel")
    extracted = {message.id if isinstance(message.id, str) else message.id[0] for message in i18n.template() if message.id}
    missing = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS and node.args:
                first = node.args[1] if node.func.id in ("NC_", "pgettext") and len(node.args) > 1 else node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value not in extracted:
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {first.value!r}")
    assert not missing, missing


def _binds_underscore(function: ast.AST) -> bool:
    """Whether `_` is assigned in the function's own scope (not in a nested one)."""
    todo = list(ast.iter_child_nodes(function))
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp,
                             ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
            return True
        todo.extend(ast.iter_child_nodes(node))
    return False


def test_no_function_hides_the_translation_function():
    """`path, _ = …` in a function of a module that translates with `_()` makes every `_()` in
    that function fail (UnboundLocalError) — only when that line of code runs."""
    wrong = []
    for path in _python_files():
        source = path.read_text(encoding="utf-8")
        if not re.search(r"^from policy_model\.i18n import .*\b_\b|^from \.+i18n import .*\b_\b", source, re.M):
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _binds_underscore(node):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert not wrong, wrong


def test_every_finding_kind_has_words():
    from policy_model.checks import REGISTRY
    from policy_model.vocabulary import KIND_WORDS

    assert set(REGISTRY) <= set(KIND_WORDS)


# -- what comes out -------------------------------------------------------------------------------
def test_plurals_in_both_languages():
    cells = ("… {n} cell in all", "… {n} cells in all")
    findings = ("the catalogue has {n} error", "the catalogue has {n} errors")
    with i18n.using("nb"):
        assert [i18n.ngettext_f(*cells, n) for n in (1, 3)] == ["… 1 celle i alt", "… 3 celler i alt"]
        assert [i18n.ngettext_f(*findings, n) for n in (1, 3)] == ["katalogen har 1 feil", "katalogen har 3 feil"]
        assert [i18n.ngettext_f("{n} warning", "{n} warnings", n) for n in (1, 3)] == ["1 advarsel", "3 advarsler"]
        assert [str(i18n.MP("{n} month", "{n} months", n)) for n in (1, 18)] == ["1 måned", "18 måneder"]
    with i18n.using("en"):
        assert [i18n.ngettext_f(*cells, n) for n in (1, 3)] == ["… 1 cell in all", "… 3 cells in all"]
        assert [i18n.ngettext_f("{n} warning", "{n} warnings", n) for n in (1, 3)] == ["1 warning", "3 warnings"]


def test_findings_count_in_words():
    """'1 funn', '3 funn': the noun is the same in both numbers in Norwegian, not in English."""
    with i18n.using("nb"):
        assert [i18n.ngettext_f("{n} finding", "{n} findings", n) for n in (1, 3)] == ["1 funn", "3 funn"]
    with i18n.using("en"):
        assert [i18n.ngettext_f("{n} finding", "{n} findings", n) for n in (1, 3)] == ["1 finding", "3 findings"]


def test_a_message_renders_in_the_language_it_is_shown_in():
    message = i18n.MP("{n} month", "{n} months", 6)
    with i18n.using("en"):
        assert str(message) == "6 months"
    with i18n.using("nb"):
        assert str(message) == "6 måneder"


def test_using_changes_the_language_of_this_thread_only():
    import threading

    seen = []
    with i18n.using("en"):
        worker = threading.Thread(target=lambda: seen.append(i18n.language()))
        worker.start()
        worker.join()
        assert i18n.language() == "en"
    assert seen == [i18n.DEFAULT] and i18n.language() == i18n.DEFAULT
