"""The interface's language (SPEC §13): Norwegian bokmål by default, English on request.

Texts live in standard gettext catalogues, `policy_model/locale/<lang>/LC_MESSAGES/pjd.po`,
so translators use ordinary tools. Message ids are the English texts. The `.po` file is
compiled (with Babel) the first time it is read and the result kept in the user's cache
folder, keyed by the file's hash, so a run reads a compiled catalogue in about a millisecond.

Code marks texts in two ways (both extracted by `tests/test_messages.py`):
- `_("text {name}", name=...)` translates at once (the command line, the app);
- `M("text {name}", name=...)` and `MP(singular, plural, n, ...)` make a `Message` that is
  translated when it is shown — findings are made once and may be written in either
  language (the app's English export, say).
"""

from __future__ import annotations

import gettext as _gettext
import hashlib
import io
import os
from pathlib import Path

LANGUAGES = ("nb", "en")
DEFAULT = "nb"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "pjd"

_language = DEFAULT
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
    return _language


class using:
    """`with using("en"): ...` renders in another language for a while (an export, say)."""

    def __init__(self, lang: str):
        self.lang, self.before = lang, None

    def __enter__(self):
        self.before = _language
        set_language(self.lang)
        return self

    def __exit__(self, *exc):
        set_language(self.before)


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
    return _catalogue(_language).gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogue(_language).ngettext(singular, plural, n)


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


def MP(singular: str, plural: str, n: int, **args) -> Message:
    return Message(singular, plural, n, **args)
