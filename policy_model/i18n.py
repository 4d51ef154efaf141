"""The interface's language (SPEC §13): Norwegian bokmål by default, English on request.

Texts live in standard gettext catalogues, `policy_model/locale/<lang>/LC_MESSAGES/pjd.po`,
so translators use ordinary tools. Message ids are the English texts. The `.po` file is
compiled (with Babel) the first time it is read and the result kept in the user's cache
folder, keyed by the file's hash, so a run reads a compiled catalogue in about a millisecond.

Code marks texts in three ways, all extracted by Babel (`python -m policy_model.i18n extract`
writes the template `locale/pjd.pot` and merges it into each language's `.po`):
- `_("text {name}", name=...)` and `ngettext_f(singular, plural, n, ...)` translate at once
  (the command line, the app);
- `M("text {name}", name=...)` and `MP(singular, plural, n, ...)` make a `Message` that is
  translated when it is shown — findings are made once and may be written in either
  language (the app's English export, say);
- `N_("text")` (and `NP_(singular, plural)`) only mark a text kept as data (a table of
  labels) that is translated where it is used, with `gettext()` (or `ngettext()`).

The language is process-wide (`set_language`, from `--lang` or PJD_LANG); `using(lang)`
changes it for the current thread only, so an export in English running in a worker thread
does not switch the app around it.
"""

from __future__ import annotations

import datetime
import gettext as _gettext
import hashlib
import io
import os
import threading
from pathlib import Path

LANGUAGES = ("nb", "en")
DEFAULT = "nb"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "pjd"

_language = DEFAULT
_local = threading.local()  # `using` sets `lang` here: a language for this thread only
_catalogues: dict[str, _gettext.NullTranslations] = {}


def language_from_environment() -> str:
    value = os.environ.get("PJD_LANG", "").strip().lower()
    return value if value in LANGUAGES else DEFAULT


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}' (use {' or '.join(LANGUAGES)})")
    global _language
    _language = lang


def language() -> str:
    return getattr(_local, "lang", None) or _language


class using:
    """`with using("en"): ...` renders in another language for a while (an export, say), in
    the current thread only."""

    def __init__(self, lang: str):
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language '{lang}' (use {' or '.join(LANGUAGES)})")
        self.lang, self.before = lang, None

    def __enter__(self):
        self.before = getattr(_local, "lang", None)
        _local.lang = self.lang
        return self

    def __exit__(self, *exc):
        _local.lang = self.before


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _compiled(po: bytes) -> bytes:
    """The .mo form of a .po file, from the cache or compiled now (and cached when possible)."""
    digest = hashlib.sha256(po).hexdigest()[:32]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pjd" / "locale" / f"{digest}.mo"
    try:
        return cache.read_bytes()
    except OSError:
        pass
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    out = io.BytesIO()
    write_mo(out, read_po(io.BytesIO(po)), use_fuzzy=False)
    data = out.getvalue()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, cache)
    except OSError:
        pass  # a read-only home: compile again next time
    return data


def _catalogue(lang: str) -> _gettext.NullTranslations:
    found = _catalogues.get(lang)
    if found is None:
        try:
            found = _gettext.GNUTranslations(io.BytesIO(_compiled(po_path(lang).read_bytes())))
        except OSError:
            found = _gettext.NullTranslations()  # no catalogue: the English message ids
        _catalogues[lang] = found
    return found


def gettext(msgid: str) -> str:
    return _catalogue(language()).gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogue(language()).ngettext(singular, plural, n)


def N_(msgid: str) -> str:
    """Marks a text for the catalogue without translating it (it is translated where used)."""
    return msgid


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a plural pair for the catalogue without translating it (`ngettext` where used)."""
    return singular, plural


def pgettext(context: str, msgid: str) -> str:
    """A text that means something else elsewhere: 'allow' as a decision (tillatt) is not
    'allow' as a rule's effect (tillat). `context` is gettext's msgctxt."""
    return _catalogue(language()).pgettext(context, msgid)


def NC_(context: str, msgid: str) -> tuple[str, str]:
    """Marks a text with its context for the catalogue (`pgettext(*marked)` where used)."""
    return context, msgid


def _(msgid: str, **args) -> str:
    """Translate now, then fill in the `{names}`."""
    text = gettext(msgid)
    return text.format(**args) if args else text


def ngettext_f(singular: str, plural: str, n: int, **args) -> str:
    """The plural form for `n`, translated now, with `{n}` and the other names filled in."""
    return ngettext(singular, plural, n).format(n=n, **args)


class Message:
    """A text translated when it is shown: `str(message)` in the current language."""

    __slots__ = ("msgid", "plural", "n", "args")

    def __init__(self, msgid: str, plural: str | None = None, n: int | None = None, **args):
        self.msgid, self.plural, self.n, self.args = msgid, plural, n, args

    def __str__(self) -> str:
        if self.plural is not None:
            return ngettext(self.msgid, self.plural, self.n).format(n=self.n, **self.args)
        text = gettext(self.msgid)
        return text.format(**self.args) if self.args else text

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def _key(self) -> tuple:
        return (self.msgid, self.plural, self.n, tuple(sorted((k, str(v)) for k, v in self.args.items())))

    def __eq__(self, other) -> bool:
        if isinstance(other, Message):
            return self._key() == other._key()
        if isinstance(other, str):
            return str(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Message({str(self)!r})"

    def __add__(self, other) -> str:
        return str(self) + str(other)

    def __radd__(self, other) -> str:
        return str(other) + str(self)


def M(msgid: str, **args) -> Message:
    return Message(msgid, **args)


def and_list(items) -> Message | str:
    """'a, b and c' (nb: 'a, b og c'), rendered when shown."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return M("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])


def MP(singular: str, plural: str, n: int, **args) -> Message:
    return Message(singular, plural, n, **args)


# -- the catalogues from the sources (for translators and the tests; needs Babel) ------------------
KEYWORDS = {
    "_": None, "N_": None, "NP_": (1, 2), "NC_": ((1, "c"), 2), "pgettext": ((1, "c"), 2),
    "M": None, "MP": (1, 2), "ngettext": (1, 2), "ngettext_f": (1, 2),
}
"""The functions that mark a text, as Babel's extractor reads them (`MP:1,2`: singular, plural)."""
PACKAGES = ("policy_model", "exports", "tui")
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"


_FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
"""The date the catalogues' headers carry: a fixed one, so extracting again changes nothing
when no message changed."""
HEADER = """\
Translations of pjd's interface (SPEC §13). Message ids are the English texts; `{name}`
is filled in by the program and must stay as it is.
Regenerate with: python -m policy_model.i18n extract"""


def check_documentation() -> list[tuple[str, str, str]]:
    """(kind, file, prose) for every finding kind: the text `pjd check --explain` prints above
    the examples. The prose is translated as one message; its English is the docstring."""
    import inspect

    from .checks import REGISTRY, explanation_parts
    from .checks import load_errors

    root = Path(__file__).resolve().parents[1]
    found = []
    for kind, check in REGISTRY.items():
        source = inspect.getsourcefile(check.run) if check.run else load_errors.__file__
        found.append((kind, Path(source).resolve().relative_to(root).as_posix(), explanation_parts(check.doc)[0]))
    return found


def _new_catalog(lang: str | None = None):
    from babel.messages.catalog import Catalog

    catalog = Catalog(
        locale=lang, domain=DOMAIN, project="pjd", version="", msgid_bugs_address="", copyright_holder="",
        creation_date=_FIXED_DATE, revision_date=_FIXED_DATE, fuzzy=False,
        language_team={"nb": "norsk bokmål", "en": "English"}.get(lang, ""), last_translator="",
    )
    catalog.header_comment = "# " + HEADER.replace("\n", "\n# ")
    return catalog


def template():
    """Every message the code marks, as a Babel Catalog (the `.pot` template)."""
    from babel.messages.extract import extract_from_dir

    root = Path(__file__).resolve().parents[1]
    catalog = _new_catalog()
    import contextlib

    for package in PACKAGES:
        found = extract_from_dir(
            root / package,
            # The guidance page's templates mark their texts with _() too; Jinja2's own
            # extractor reads them (autoescape as the page renders them).
            method_map=[("**.py", "python"), ("**/templates/**.j2", "jinja2.ext:babel_extract")],
            options_map={"**/templates/**.j2": {"extensions": "jinja2.ext.i18n", "autoescape": "true"}},
            keywords=KEYWORDS,
            comment_tags=("Translators:",),
            strip_comment_tags=True,
        )
        # Babel warns about every f-string among a call's arguments, also a keyword argument's
        # value (`_("… {cell}", cell=f"…")`), which is fine; an f-string as the message itself
        # is caught by tests/test_messages.py instead.
        with contextlib.redirect_stderr(io.StringIO()):
            found = list(found)
        for filename, line, message, comments, context in found:
            catalog.add(message, locations=[(f"{package}/{filename}", line)], auto_comments=comments, context=context)
    for kind, source, prose in check_documentation():
        catalog.add(prose, locations=[(source, 0)], auto_comments=[f"pjd check --explain {kind}"])
    return catalog


def read_catalogue(lang: str):
    from babel.messages.pofile import read_po

    with open(po_path(lang), "rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def _write_po(path: Path, catalog) -> None:
    from babel.messages.pofile import write_po

    out = io.BytesIO()
    # No line numbers: a message keeps its entry when code above it moves (quieter diffs, fewer conflicts).
    write_po(out, catalog, width=100, ignore_obsolete=True, include_previous=False, include_lineno=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def extract() -> None:
    """Write the template and merge it into every language's catalogue: new messages are added
    untranslated, gone ones dropped, translations kept (never guessed from similar messages)."""
    pot = template()
    _write_po(TEMPLATE, pot)
    for lang in LANGUAGES:
        catalog = read_catalogue(lang) if po_path(lang).exists() else _new_catalog(lang)
        catalog.update(pot, no_fuzzy_matching=True, update_header_comment=False, update_creation_date=False)
        catalog.revision_date = _FIXED_DATE
        _write_po(po_path(lang), catalog)
        untranslated = sum(1 for m in catalog if m.id and not (all(m.string) if m.pluralizable else m.string))
        print(f"{po_path(lang)}: {len(catalog)} messages, {untranslated} without a translation")


if __name__ == "__main__":  # python -m policy_model.i18n extract
    import sys

    if sys.argv[1:] != ["extract"]:
        sys.exit("usage: python -m policy_model.i18n extract")
    extract()
