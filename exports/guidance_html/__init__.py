"""veiledning.html (SPEC §12): the published guidance, one self-contained page.

For readers, per personnel group: what they can see from each source, on which conditions,
how far back and under which legal basis; for sources: the metadata each document must
carry and who can see it; then the legal bases, the conditions, the remaining findings and
how the page was made. Built from the same `Explanation` values as the guidance matrix
(`page.build`), laid out by Jinja2 templates with autoescaping on (catalogue text is never
markup), one stylesheet inlined, no script and no external request. Written atomically;
two writes of the same catalogue differ only in the generated time.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

from policy_model.atomic import atomic_write_bytes
from policy_model.decide import GLYPHS, Evaluation
from policy_model.findings import Finding
from policy_model.i18n import _, language, ngettext_f

from . import palette
from .page import Page, RegistryStatus, build, web_address
from .phrases import join_and

FILENAME = "veiledning.html"
TOOL = "pjd"
MARGIN_FONT = 'Arial, "Liberation Sans", "DejaVu Sans", sans-serif'
"""The printed page margins' font (margin boxes inherit nothing from the body)."""

__all__ = ["FILENAME", "RegistryStatus", "render", "write", "web_address"]


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    folder = resources.files(__package__) / "templates"
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=True,  # every template: catalogue text reaches the page as text, never as markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(_=_, ngettext=ngettext_f, join_and=join_and, glyphs=GLYPHS)
    env.filters["css_string"] = css_string
    return env


def css_string(text) -> str:
    """Text for inside a double-quoted CSS string in a <style> element: quotes, backslashes,
    line breaks and '<' (a '</style>' would end the element) written as CSS escapes."""
    from markupsafe import Markup

    out = []
    for character in str(text):
        if character in '"\\<>&' or ord(character) < 32 or ord(character) == 127:
            out.append(f"\\{ord(character):x} ")
        else:
            out.append(character)
    return Markup("".join(out))


def _page_counter() -> str:
    """'"Page " counter(page) " of " counter(pages)' in the current language, for @page."""
    text = str(css_string(_("Page {page} of {pages}")))  # str: Markup.replace would escape the quotes
    value = '"' + text.replace("{page}", '" counter(page) "').replace("{pages}", '" counter(pages) "') + '"'
    return value.replace(' ""', "").replace('"" ', "")


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return (resources.files(__package__) / "page.css").read_text(encoding="utf-8")


def render_page(page: Page) -> str:
    from markupsafe import Markup

    template = _environment().get_template("page.html.j2")
    # The stylesheet and the colour variables are the package's own text, not the catalogue's:
    # the only strings that reach the page unescaped.
    colours = palette.COLOURS
    # WCAG 3.1.2: catalogue text (names, descriptions, rationale) is in the catalogue's language;
    # where the page speaks another, the elements that hold it say so.
    cat_lang = Markup(' lang="{}"').format(page.catalogue_lang) if page.catalogue_lang != page.lang else Markup("")
    return template.render(
        page=page,
        cat_lang=cat_lang,
        css=Markup(stylesheet()),
        css_variables=Markup(palette.css_variables()),
        # The page's margins print the running head, the DRAFT mark and the page number (each
        # page of a printout says what it is); margin boxes do not see :root's variables.
        running_style=Markup(f"font: 8pt {MARGIN_FONT}; color: {colours['muted']};"),
        draft_style=Markup(f"font: 700 9pt {MARGIN_FONT}; letter-spacing: 0.1em; color: {colours['draft-bg']};"),
        page_counter=Markup(_page_counter()),
    )


def render(
    evaluation: Evaluation,
    findings: list[Finding],
    *,
    registry: RegistryStatus | None = None,
    companion: str | None = None,
    now: datetime.datetime | None = None,
) -> str:
    """The page's text in the current language (`policy_model.i18n`)."""
    generated = now or datetime.datetime.now().astimezone()
    page = build(
        evaluation, findings, lang=language(), generated=generated, registry=registry, companion=companion, tool=_tool()
    )
    return render_page(page)


def write(
    evaluation: Evaluation,
    findings: list[Finding],
    folder: Path,
    *,
    registry: RegistryStatus | None = None,
    companion: str | None = None,
    now: datetime.datetime | None = None,
) -> Path:
    """Write veiledning.html into `folder` atomically; return its path."""
    target = Path(folder) / FILENAME
    text = render(evaluation, findings, registry=registry, companion=companion, now=now)
    atomic_write_bytes(target, text.encode("utf-8"))
    return target


def _tool() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{TOOL} {version('pjd')}"
    except PackageNotFoundError:
        return TOOL
