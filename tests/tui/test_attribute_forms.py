"""The request attributes of SPEC §10.2 in the entity forms (coded values written
'system code (display)', checked with located errors) and, in short, in the inspector."""

from __future__ import annotations

import pytest
import yaml
from conftest import SIZE, go_to, open_app, press, run_async, settle, static_text
from textual.widgets import Button, Input, TextArea

from policy_model.schema import CodeMatch, Condition, PersonnelGroup, Source
from tui.app import PjdApp
from tui.forms import FORMS, build, text_of
from tui.screens.form_editor import FormEditor

pytestmark = pytest.mark.usefixtures("english")

KA02 = "2.16.578.1.12.4.1.1.8663 KA02 (Legevakt)"


@run_async
async def test_a_personnel_groups_healthcare_services_edited_in_the_form_are_saved(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_entities(select="sykehuslege")
        await settle(pilot)
        await press(pilot, "enter")
        form = app.screen
        assert isinstance(form, FormEditor) and form.model.id == "sykehuslege"
        services = form.query_one("#f-healthcare_services", TextArea)
        assert services.text == "2.16.578.1.12.4.1.1.8451"  # a system without a code: any code of it
        services.text = "2.16.578.1.12.4.1.1.8451\nKA02"  # the system forgotten on line 2
        await settle(pilot)
        problems = static_text(app, "#problems")
        assert "Healthcare services: line 2: 'KA02' is not a code system" in problems
        assert form.query_one("#ok", Button).disabled
        services.text = f"2.16.578.1.12.4.1.1.8451\n{KA02}"
        await settle(pilot)
        assert not form.query_one("#ok", Button).disabled
        await press(pilot, "ctrl+s")  # into the session
        assert app.session.current.personnel_groups["sykehuslege"].healthcare_services[1] == CodeMatch(
            system="2.16.578.1.12.4.1.1.8663", code="KA02", display="Legevakt")
        await press(pilot, "ctrl+s")  # to disk
        assert not app.session.dirty, [n.message for n in app._notifications]
    saved = yaml.safe_load((catalogue_dir / "entities.yaml").read_text())
    [group] = [g for g in saved["personnel_groups"] if g["id"] == "sykehuslege"]
    assert group["healthcare_services"] == [
        {"system": "2.16.578.1.12.4.1.1.8451"},
        {"system": "2.16.578.1.12.4.1.1.8663", "code": "KA02", "display": "Legevakt"},
    ]
    assert "# Kilder, personell og dokumenter" in (catalogue_dir / "entities.yaml").read_text()


@run_async
async def test_the_inspector_shows_the_request_attributes_of_the_cell(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await go_to(pilot, "epikrise", "fastlege")
        text = static_text(app, "#inspector-text")
        assert "Request attributes" in text
        assert "Personnel: HPR LE · healthcare service 8666 KX17" in text
        assert "Source: facility type 1305 86.101 · home community 2.16.578.1.34" in text
        assert "Document: type code 9602 A03-2" in text
        await go_to(pilot, "epikrise", "sykehuslege")
        assert "healthcare service 8451 (any code)" in static_text(app, "#inspector-text")


def round_trip(section, model):
    return build(section, model, {field.name: text_of(model, field) for field in FORMS[section]})


def test_every_attribute_survives_an_unchanged_form():
    group = PersonnelGroup(id="g", name="G", authorizations=("LE",), healthcare_services=(
        CodeMatch(system="2.16.578.1.12.4.1.1.8666", code="KX17", display="Fastlege, liste (uten) fast lege"),
        CodeMatch(system="2.16.578.1.12.4.1.1.8451")))
    source = Source(id="s", name="S", facility_types=(CodeMatch(system="2.16.578.1.12.4.1.1.1305", code="86.101"),),
                    organizations=(CodeMatch(system="2.16.578.1.12.4.1.4.101", code="974631407"),),
                    home_communities=("2.16.578.1.34", "2.16.578.1.29"))
    condition = Condition(id="c", name="C", attribute="fastlege", values=(True,))
    for section, model in (("personnel_groups", group), ("sources", source), ("conditions", condition)):
        assert round_trip(section, model) == (model, [])


def test_attribute_problems_are_located_and_in_plain_words():
    base = {"id": "s", "name": "S", "status": "planned"}
    _model, problems = build("sources", None, {**base, "facility_type": "2.16.578.1.12.4.1.1.1305"})
    assert problems == ["Facility type (one): 2.16.578.1.12.4.1.1.1305 has no code: write the code after the system"]
    _model, problems = build("sources", None, {**base, "home_communities": "2.16.578.1.34, helse-vest"})
    assert problems == ["Home communities: 'helse-vest' is not an OID (numbers separated by dots, such as 2.16.578.1.12.4.3)"]
    _model, problems = build("sources", None, {**base, "facility_type": "2.16.578.1.12.4.1.1.1305 86.101",
                                               "facility_types": "2.16.578.1.12.4.1.1.1305 86.102"})
    assert problems and "either 'facility_type' or 'facility_types'" in problems[0]
    condition, problems = build("conditions", None, {"id": "c", "name": "C", "attribute": "fastlege", "values": "true"})
    assert problems == [] and condition.values == (True,)
    _model, problems = build("conditions", None, {"id": "c", "name": "C", "values": "ETREAT"})
    assert problems and "'values' needs 'attribute' too" in problems[0]


def test_a_short_name_is_edited_in_the_group_form_and_refused_when_too_long():
    group = PersonnelGroup(id="legevaktlege", name="Legevaktleger", short_name="Lv-lege")
    values = {field.name: text_of(group, field) for field in FORMS["personnel_groups"]}
    assert values["short_name"] == "Lv-lege"
    built, problems = build("personnel_groups", group, {**values, "short_name": "Legevakt"})
    assert not problems and built.short_name == "Legevakt"
    built, problems = build("personnel_groups", group, {**values, "short_name": "Legevaktlege"})
    assert built is None and any("Short name" in p for p in problems), problems
    built, problems = build("personnel_groups", group, {**values, "short_name": ""})
    assert not problems and built.short_name is None  # empty: the column shows the name
