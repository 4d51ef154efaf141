"""Form text ↔ models: an unchanged form gives back the same entry; lists split as their kind says."""

import catalogue as bundled
from policy_model.load import load_folder
from policy_model.schema import Assessment, Rule
from tui.forms import FORMS, build, text_of
from tui.widgets.id_picker import pick_options


def round_trip(section, model):
    values = {field.name: text_of(model, field) for field in FORMS[section]}
    return build(section, model, values)


def test_an_unchanged_form_gives_the_same_entry():
    rule = Rule(id="r", effect="allow", personnel=("lege", "sykepleier"), rationale="Folded text\n", legal_basis=("hpl-45",))
    assert round_trip("rules", rule) == (rule, [])
    assessment = Assessment(id="a", need="high", assessed_by=("Den norske legeforening", "KS"))
    assert round_trip("assessments", assessment) == (assessment, [])


def test_ids_split_on_commas_and_spaces_names_on_commas_only():
    rule, problems = build("rules", None, {"id": "r", "effect": "allow", "status": "draft", "personnel": "lege sykepleier,fastlege"})
    assert problems == [] and rule.personnel == ("lege", "sykepleier", "fastlege")
    assessment, _ = build("assessments", None, {"id": "a", "need": "low", "feasibility": "now", "status": "draft", "assessed_by": "Kari Nordmann, KS"})
    assert assessment.assessed_by == ("Kari Nordmann", "KS")


def test_problems_name_the_field():
    _model, problems = build("rules", None, {"id": "Bad Id", "effect": "allow", "status": "draft"})
    assert problems and problems[0].startswith("Id:")  # the field as the form labels it


def test_entities_of_is_the_one_table_behind_names_and_id_pickers():
    catalogue = load_folder(bundled.path()).catalogue
    documents = catalogue.entities_of("documents")
    assert set(documents) == set(catalogue.document_categories) | set(catalogue.document_types)
    for what in ("sources", "personnel", "documents", "actions", "conditions", "legal_bases"):
        table = catalogue.entities_of(what)
        assert [entry_id for entry_id, _label in pick_options(catalogue, what)] == list(table)
        assert all(catalogue.name_of(what, entry_id) == entry.name for entry_id, entry in table.items())
