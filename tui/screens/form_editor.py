"""Edit any entry (rule, document type, source, personnel group, assessment) in a form; the
impact on decisions and findings shows before you save it to the session."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static, TextArea

from policy_model import edits
from policy_model.i18n import _, gettext
from policy_model.integrity import WHAT

from ..forms import FORMS, build, choice_words, text_of
from ..widgets.id_picker import IdPicker, pick_options
from .edit_dialog import EditDialog


class FormEditor(EditDialog):
    def __init__(self, session, findings, section: str, model=None):
        super().__init__(session, findings)
        self.section, self.model = section, model

    def compose(self) -> ComposeResult:
        what = WHAT[self.section]
        title = _("Edit {what} '{id}'", what=what, id=self.model.id) if self.model is not None else _("New {what}", what=what)
        with Vertical(id="box"):
            yield Static(Text(title, style="bold"), id="box-title")
            yield from self.compose_summary()
            with VerticalScroll(id="scroll"):
                for field in FORMS[self.section]:
                    label = gettext(field.label) + (f"  ({gettext(field.help)})" if field.help else "")
                    yield Label(label, classes="field-label")
                    value = text_of(self.model, field)
                    if field.kind == "choice":
                        choices = [(choice_words(field, c), c) for c in field.choices]
                        default = value if value in field.choices else field.choices[0]
                        yield Select(choices, value=default, allow_blank=False, compact=True, id=f"f-{field.name}")
                    elif field.kind == "pick":
                        options = pick_options(self.session.current, field.picks, self.model.id if self.model else None)
                        yield IdPicker(options, getattr(self.model, field.name, None) or (), id=f"f-{field.name}")
                    elif field.kind in ("long", "codes"):
                        yield TextArea(value, id=f"f-{field.name}", soft_wrap=True, compact=True, classes="long")
                    else:
                        yield Input(value, compact=True, id=f"f-{field.name}")
                yield Label(_("Impact of the change"), classes="field-label")
                yield Static(Text("…"), id="impact")
            yield from self.compose_buttons(_("Save to session"))

    def on_mount(self) -> None:
        for widget in self.query("Input, Select, TextArea"):
            widget.focus()
            break
        self.update_preview()

    def values(self) -> dict[str, str]:
        values = {}
        for field in FORMS[self.section]:
            widget = self.query_one(f"#f-{field.name}")
            if isinstance(widget, TextArea):
                values[field.name] = widget.text
            elif isinstance(widget, IdPicker):
                values[field.name] = ", ".join(widget.value)
            elif isinstance(widget, Select):
                values[field.name] = widget.value or ""
            else:
                values[field.name] = widget.value
        return values

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    @on(IdPicker.Changed)
    def update_preview(self) -> None:
        model, problems = build(self.section, self.model, self.values())
        steps = []
        if model is not None and self.model is None:
            steps = [edits.add(self.session.current, self.section, model)]
        elif model is not None:
            steps = [edits.change(self.session.current, self.section, self.model.id, model)]
            if model == self.model:
                problems.append(_("nothing changed yet"))
        self.offer(steps, problems)

