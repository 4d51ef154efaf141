"""The words of the workbooks, in Norwegian bokmål (default) and English (`--lang en`)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # decisions as cell text (SPEC §5.1)
    "allow": ("Ja", "Yes"),
    "conditional": ("Betinget", "Conditional"),
    "deny": ("Nei", "No"),
    "none": ("Nei", "No"),
    "na": ("–", "–"),
    # the legend
    "legend": ("Tegnforklaring", "Legend"),
    "legend_allow": ("delt", "shared"),
    "legend_conditional": ("delt på vilkår (se kommentaren)", "shared on conditions (see the comment)"),
    "legend_deny": ("eksplisitt nektet (regel)", "explicitly denied (rule)"),
    "legend_none": ("ingen regel: ikke delt", "no rule: not shared"),
    "legend_na": ("ikke aktuelt: kilden lager ikke typen", "not applicable: the source does not produce it"),
    "partial": ("Liste", "List"),
    "legend_partial": (
        "bare for noen handlinger, f.eks. bare i dokumentlisten",
        "for some actions only, e.g. only in the document list",
    ),
    "legend_window": (
        "(1 år): bare dokumenter fra det siste året",
        "(1 year): only documents from the last year",
    ),
    "comment_action": ("Handling", "Action"),
    # marks
    "draft": ("UTKAST – ikke godkjent policy", "DRAFT – not approved policy"),
    "draft_short": ("UTKAST", "DRAFT"),
    "draft_reason_view": ("visningen er «{view}», ikke «approved»", "the view is '{view}', not 'approved'"),
    "draft_reason_errors": ("katalogen har {n} feil", "the catalogue has {n} errors"),
    "approved": ("Godkjent policy (visning «approved», ingen feil)", "Approved policy (view 'approved', no errors)"),
    # sheet names
    "sheet_about": ("Om matrisen", "About"),
    "sheet_rules": ("Regler", "Rules"),
    "sheet_legal": ("Hjemler", "Legal bases"),
    "sheet_conditions": ("Betingelser", "Conditions"),
    "sheet_findings": ("Funn", "Findings"),
    "sheet_assessments": ("Vurderinger", "Assessments"),
    # source sheets
    "matrix_title": ("{source}: hvem kan lese hvilke dokumenter", "{source}: who may read which documents"),
    "code": ("Kode", "Code"),
    "document_type": ("Dokumenttype", "Document type"),
    "confidentiality_short": ("Konf.", "Conf."),
    "hpr": ("HPR-autorisasjon", "HPR authorisation"),
    "status": ("Status", "Status"),
    "facility": ("Virksomhetstype", "Facility type"),
    "view": ("Visning", "View"),
    "generated": ("Generert", "Generated"),
    "content_hash": ("Innholds-hash (sha256)", "Content hash (sha256)"),
    "page": ("Side &P av &N", "Page &P of &N"),
    # comments
    "comment_allow": ("Ja – delt etter", "Yes – shared under"),
    "comment_conditional": ("Betinget – lesbar når", "Conditional – readable when"),
    "comment_or": ("eller", "or"),
    "comment_deny": ("Nei – nektet av", "No – denied by"),
    "comment_rules": ("Regler", "Rules"),
    "comment_legal": ("Hjemmel", "Legal basis"),
    # about sheet
    "catalogue_id": ("Katalog-id", "Catalogue id"),
    "title": ("Tittel", "Title"),
    "version": ("Versjon", "Version"),
    "description": ("Beskrivelse", "Description"),
    "rules_in_view": ("Regler i visningen", "Rules in the view"),
    "cells": ("Celler (aktuelle)", "Cells (applicable)"),
    "findings_summary": ("Funn", "Findings"),
    "how_to_read": ("Slik leser du matrisen", "How to read the matrix"),
    "how_to_read_text": (
        "Ett ark per kilde. Radene er dokumenttyper gruppert under kategori, med Volven 9602-kode; "
        "kolonnene er personellgrupper med HPR-autorisasjon. Hold musen over en celle for å se "
        "reglene og hjemlene som avgjør den.",
        "One sheet per source. Rows are document types grouped under their category, with the "
        "Volven 9602 code; columns are personnel groups with their HPR authorisation. Hover over a "
        "cell to see the rules and legal bases that decide it.",
    ),
    # rules sheet
    "id": ("ID", "ID"),
    "name": ("Navn", "Name"),
    "effect": ("Virkning", "Effect"),
    "effect_allow": ("tillat", "allow"),
    "effect_deny": ("nekt", "deny"),
    "sources": ("Kilder", "Sources"),
    "documents": ("Dokumenter", "Documents"),
    "personnel": ("Personell", "Personnel"),
    "conditions": ("Betingelser", "Conditions"),
    "legal_basis": ("Hjemmel", "Legal basis"),
    "overrides": ("Overstyrer", "Overrides"),
    "owner": ("Eier", "Owner"),
    "rationale": ("Begrunnelse", "Rationale"),
    "where": ("Fil:linje", "File:line"),
    "in_view": ("I visningen", "In the view"),
    "yes": ("ja", "yes"),
    "no": ("nei", "no"),
    "all": ("alle", "all"),
    "url": ("Lenke", "Link"),
    "scope": ("Virkeområde", "Scope"),
    "cited_by": ("Brukt av regler", "Cited by rules"),
    "coded_as": ("Kode", "Code"),
    # findings sheet
    "severity": ("Alvorlighet", "Severity"),
    "kind": ("Type", "Kind"),
    "message": ("Melding", "Message"),
    "rules": ("Regler", "Rules"),
    "entities": ("Gjelder", "Concerns"),
    "cell_count": ("Antall celler", "Cells"),
    "examples": ("Eksempler", "Examples"),
    "no_findings": ("Ingen funn.", "No findings."),
    "severity_error": ("feil", "error"),
    "severity_warning": ("advarsel", "warning"),
    "severity_info": ("info", "info"),
    # assessments sheet (SPEC §7): the working groups' priority list
    "need": ("Helsefaglig behov", "Clinical need"),
    "need_high": ("høyt", "high"),
    "need_medium": ("middels", "medium"),
    "need_low": ("lavt", "low"),
    "need_none": ("ingen", "none"),
    "feasibility": ("Kan deles raskt fra EPJ", "Can be shared quickly"),
    "feasibility_now": ("nå", "now"),
    "feasibility_later": ("senere", "later"),
    "feasibility_unknown": ("ukjent", "unknown"),
    "source": ("Kilde", "Source"),
    "need_met": ("Behov dekket i dag", "Need met today"),
    "met_all": ("ja", "yes"),
    "met_some": ("delvis", "partly"),
    "met_none": ("nei", "no"),
    "no_need_shared": ("ikke behov; deles: {shared}", "no need; shared: {shared}"),
    "assessment_draft": ("utkast", "draft"),
    "assessment_agreed": ("omforent", "agreed"),
    "assessed_by": ("Vurdert av", "Assessed by"),
    "assessed_on": ("Dato", "Date"),
    "no_assessments": ("Ingen vurderinger i katalogen.", "No assessments in the catalogue."),
}


class Words:
    """Look up a label in one language: words["allow"], words.f("matrix_title", source=...)."""

    def __init__(self, lang: str = "nb"):
        if lang not in ("nb", "en"):
            raise ValueError(f"unknown language '{lang}'")
        self.lang = lang
        self._index = 0 if lang == "nb" else 1

    def __getitem__(self, key: str) -> str:
        return LABELS[key][self._index]

    def f(self, key: str, **values) -> str:
        return self[key].format(**values)
