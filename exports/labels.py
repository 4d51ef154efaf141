"""The words of the workbooks, in Norwegian bokmål (default) and English (`--lang en`).

A label is a key and its English text; the text is a message id of the gettext catalogues
(policy_model/locale), which hold its Norwegian too: one mechanism for every text.
"""

from __future__ import annotations

from policy_model.i18n import LANGUAGES, N_, gettext, using

LABELS: dict[str, str] = {
    # decisions as cell text (SPEC §5.1)
    "allow": N_("Yes"),
    "conditional": N_("Conditional"),
    "deny": N_("No"),
    "none": N_("No"),
    "na": N_("–"),
    # the legend
    "legend": N_("Legend"),
    "legend_allow": N_("shared"),
    "legend_conditional": N_("shared on conditions (see the comment)"),
    "legend_deny": N_("explicitly denied (rule)"),
    "legend_none": N_("no rule: not shared"),
    "legend_na": N_("not applicable: the source does not produce it"),
    "partial": N_("List"),
    "legend_partial": N_("for some actions only, e.g. only in the document list"),
    "legend_window": N_("(1 year): only documents from the last year"),
    "comment_action": N_("Action"),
    # marks
    "draft": N_("DRAFT – not approved policy"),
    "draft_short": N_("DRAFT"),
    "draft_reason_view": N_("the view is '{view}', not 'approved'"),
    "approved": N_("Approved policy (view 'approved', no errors)"),
    # sheet names
    "sheet_about": N_("About"),
    "sheet_rules": N_("Rules"),
    "sheet_legal": N_("Legal bases"),
    "sheet_conditions": N_("Conditions"),
    "sheet_findings": N_("Findings"),
    "sheet_assessments": N_("Assessments"),
    # source sheets
    "matrix_title": N_("{source}: who may read which documents"),
    "code": N_("Code"),
    "document_type": N_("Document type"),
    "confidentiality_short": N_("Conf."),
    "hpr": N_("HPR authorisation"),
    "status": N_("Status"),
    "facility": N_("Facility type"),
    "view": N_("View"),
    "generated": N_("Generated"),
    "content_hash": N_("Content hash (sha256)"),
    "page": N_("Page &P of &N"),
    # comments
    "comment_allow": N_("Yes – shared under"),
    "comment_conditional": N_("Conditional – readable when"),
    "comment_or": N_("or"),
    "comment_deny": N_("No – denied by"),
    "comment_rules": N_("Rules"),
    "comment_legal": N_("Legal basis"),
    # about sheet
    "catalogue_id": N_("Catalogue id"),
    "title": N_("Title"),
    "version": N_("Version"),
    "description": N_("Description"),
    "rules_in_view": N_("Rules in the view"),
    "cells": N_("Cells (applicable)"),
    "findings_summary": N_("Findings"),
    "how_to_read": N_("How to read the matrix"),
    "how_to_read_text": N_("One sheet per source. Rows are document types grouped under their category, with the Volven 9602 code; columns are personnel groups with their HPR authorisation. Hover over a cell to see the rules and legal bases that decide it."),
    # rules sheet
    "id": N_("ID"),
    "name": N_("Name"),
    "effect": N_("Effect"),
    "effect_allow": N_("allow"),
    "effect_deny": N_("deny"),
    "sources": N_("Sources"),
    "documents": N_("Documents"),
    "personnel": N_("Personnel"),
    "conditions": N_("Conditions"),
    "legal_basis": N_("Legal basis"),
    "overrides": N_("Overrides"),
    "owner": N_("Owner"),
    "rationale": N_("Rationale"),
    "where": N_("File:line"),
    "in_view": N_("In the view"),
    "yes": N_("yes"),
    "no": N_("no"),
    "all": N_("all"),
    "url": N_("Link"),
    "scope": N_("Scope"),
    "cited_by": N_("Cited by rules"),
    "coded_as": N_("Code"),
    # findings sheet
    "severity": N_("Severity"),
    "kind": N_("Kind"),
    "message": N_("Message"),
    "rules": N_("Rules"),
    "entities": N_("Concerns"),
    "cell_count": N_("Cells"),
    "examples": N_("Examples"),
    "no_findings": N_("No findings."),
    "severity_error": N_("error"),
    "severity_warning": N_("warning"),
    "severity_info": N_("info"),
    # assessments sheet (SPEC §7): the working groups' priority list
    "need": N_("Clinical need"),
    "need_high": N_("high"),
    "need_medium": N_("medium"),
    "need_low": N_("low"),
    "need_none": N_("none"),
    "feasibility": N_("Can be shared quickly"),
    "feasibility_now": N_("now"),
    "feasibility_later": N_("later"),
    "feasibility_unknown": N_("unknown"),
    "source": N_("Source"),
    "need_met": N_("Need met today"),
    "met_all": N_("yes"),
    "met_some": N_("partly"),
    "met_none": N_("no"),
    "no_need_shared": N_("no need; shared: {shared}"),
    "assessment_draft": N_("draft"),
    "assessment_agreed": N_("agreed"),
    "assessed_by": N_("Assessed by"),
    "assessed_on": N_("Date"),
    "no_assessments": N_("No assessments in the catalogue."),
}


class Words:
    """Look up a label in one language: words["allow"], words.f("matrix_title", source=...)."""

    def __init__(self, lang: str = "nb"):
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language '{lang}'")
        self.lang = lang
        self._found: dict[str, str] = {}  # looked up once per label: cells ask for the same few words

    def __getitem__(self, key: str) -> str:
        found = self._found.get(key)
        if found is None:
            with using(self.lang):
                found = self._found[key] = gettext(LABELS[key])
        return found

    def f(self, key: str, **values) -> str:
        return self[key].format(**values)
