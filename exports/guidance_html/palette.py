"""The page's colours as data: every colour the stylesheet uses, and which text is drawn on
which background, so a test can hold each pair to WCAG 2.1 (1.4.3: 4.5:1 for text, 1.4.11:
3:1 for the focus ring and other parts of the interface that must be seen).

The stylesheet names colours only as `var(--name)`; the page defines those variables from
`COLOURS`, so what is tested is what is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

COLOURS: dict[str, str] = {
    "text": "#1c1f23",
    "muted": "#4b5563",
    "page": "#ffffff",
    "band": "#f3f6f8",          # the cover, the legend, the contents
    "rule": "#c5ced6",          # table lines (decoration: text never sits on it)
    "heading": "#0b3a53",
    "link": "#005a8c",
    "link-visited": "#5b3a8c",
    "head-bg": "#0b3a53",       # the top band
    "head-text": "#ffffff",
    "th-bg": "#e6edf2",
    "category-bg": "#f3f6f8",
    "draft-bg": "#8c1c13",
    "draft-text": "#ffffff",
    "focus": "#b45309",
    "focus-on-dark": "#ffcf5c",  # the focus ring on the top band
    "allow-bg": "#e3f1e6",
    "allow-text": "#14532d",
    "conditional-bg": "#fdf1d8",
    "conditional-text": "#6b3a00",
    "deny-bg": "#fbe4e2",
    "deny-text": "#8c1c13",
    "none-bg": "#eef0f2",
    "none-text": "#374151",
    "na-bg": "#f7f7f8",
    "na-text": "#4b5563",
    "code-bg": "#f1f3f5",
}


@dataclass(frozen=True)
class Pair:
    foreground: str
    background: str
    minimum: float
    what: str


TEXT, INTERFACE = 4.5, 3.0

PAIRS: tuple[Pair, ...] = (
    Pair("text", "page", TEXT, "body text"),
    Pair("muted", "page", TEXT, "notes and small print"),
    Pair("text", "band", TEXT, "text on the cover, legend and contents"),
    Pair("muted", "band", TEXT, "small print on the cover"),
    Pair("heading", "page", TEXT, "headings"),
    Pair("heading", "band", TEXT, "headings on the cover"),
    Pair("link", "page", TEXT, "links"),
    Pair("link-visited", "page", TEXT, "visited links"),
    Pair("link", "band", TEXT, "links in the contents"),
    Pair("link", "th-bg", TEXT, "links in table headers"),
    Pair("link", "allow-bg", TEXT, "links on an allowed cell"),
    Pair("link", "conditional-bg", TEXT, "links on a conditional cell"),
    Pair("head-text", "head-bg", TEXT, "the top band"),
    Pair("text", "th-bg", TEXT, "table headers"),
    Pair("text", "category-bg", TEXT, "category rows"),
    Pair("draft-text", "draft-bg", TEXT, "the DRAFT banner"),
    Pair("allow-text", "allow-bg", TEXT, "an allowed decision"),
    Pair("conditional-text", "conditional-bg", TEXT, "a conditional decision"),
    Pair("deny-text", "deny-bg", TEXT, "a denied decision"),
    Pair("none-text", "none-bg", TEXT, "no rule"),
    Pair("na-text", "na-bg", TEXT, "not applicable"),
    Pair("text", "code-bg", TEXT, "codes"),
    Pair("focus", "page", INTERFACE, "the focus ring"),
    Pair("focus", "band", INTERFACE, "the focus ring on the contents"),
    Pair("focus-on-dark", "head-bg", INTERFACE, "the focus ring on the top band"),
)


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of '#rrggbb'."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio, 1 to 21."""
    a, b = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def css_variables() -> str:
    """`--name: #rrggbb;` for every colour, for the page's `:root`."""
    return " ".join(f"--{name}: {value};" for name, value in COLOURS.items())
