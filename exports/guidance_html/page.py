"""What the guidance page says, as plain values the templates lay out (SPEC §12).

Every decision, grant, window and legal basis here is read from the `Explanation` values
of `policy_model.decide.Evaluation` (one per region of equal cells); nothing is decided
here. What this module adds is grouping for people: documents with the same answer in one
row, sources with the same answers in one table, groups of leaves by the node above them.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from policy_model.catalogue import Catalogue
from policy_model.decide import GLYPHS, Evaluation, Explanation, Grant
from policy_model.findings import Finding, summary
from policy_model.i18n import MP, Message, _
from policy_model.vocabulary import view_word

from ..cell_labels import decision_label
from . import phrases
from .phrases import condition_phrase, join_and, join_or, regime_phrase, system_label, window_phrase


# -- small values ----------------------------------------------------------------------
@dataclass(frozen=True)
class Link:
    """A text, linked only when `href` is a web address (http or https)."""

    text: str
    href: str | None = None


def web_address(url: str | None) -> str | None:
    """`url` when it is an http(s) address with a host, else None: a `javascript:` or
    `data:` URL from a catalogue must never become a link."""
    if not url or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


@dataclass(frozen=True)
class GrantView:
    regime: str | None
    """'Lookup under helsepersonelloven § 45': the grant's conditions on the API regime
    (`scope`), written first because they tell the two regimes apart."""
    when: str
    """'when you are the patient's regular GP (fastlege) and …', or 'without conditions'."""
    window: str


@dataclass(frozen=True)
class DecisionView:
    kind: str
    glyph: str
    label: str
    """The word, as the guidance matrix writes it (cell_labels.decision_label)."""
    grants: tuple[GrantView, ...] = ()
    bases: tuple[Link, ...] = ()

    @property
    def readable(self) -> bool:
        return self.kind in ("allow", "conditional")


@dataclass(frozen=True)
class Legend:
    kind: str
    glyph: str
    label: str
    meaning: str


@dataclass(frozen=True)
class ActionView:
    id: str
    name: str
    heading: str
    description: str | None


# -- "What can I see?" -------------------------------------------------------------------
@dataclass(frozen=True)
class DocumentGroup:
    category: str
    documents: str
    """'Epikrise, Poliklinisk epikrise' or 'all 11 types'."""
    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReaderRow:
    documents: tuple[DocumentGroup, ...]
    decisions: tuple[DecisionView, ...]
    """One per action, in the order of `Page.actions`."""


@dataclass(frozen=True)
class Cluster:
    id: str
    sources: str
    rows: tuple[ReaderRow, ...]
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReaderSection:
    group: str
    id: str
    name: str
    description: str | None
    who: tuple[str, ...]
    clusters: tuple[Cluster, ...]
    nothing_from: str | None
    """The sources from which this group sees nothing, in words, or None."""
    nothing_reason: str | None
    nothing_ids: tuple[str, ...] = ()


# -- "Requirements for sources" ---------------------------------------------------------
@dataclass(frozen=True)
class MetadataLine:
    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Audience:
    kind: str
    glyph: str
    label: str
    groups: str
    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceDocument:
    name: str
    type_code: str | None
    class_code: str | None
    confidentiality: str
    audiences: tuple[tuple[Audience, ...], ...]
    """Per action: who can read it, by decision kind."""
    document: str = ""


@dataclass(frozen=True)
class SourceCategory:
    name: str
    class_code: str | None
    """The class code every document type of the category carries (then not repeated per row)."""
    documents: tuple[SourceDocument, ...]


@dataclass(frozen=True)
class SourceSection:
    source: str
    id: str
    name: str
    status: str
    description: str | None
    metadata: tuple[MetadataLine, ...]
    categories: tuple[SourceCategory, ...]


# -- reference sections ------------------------------------------------------------------
@dataclass(frozen=True)
class LegalView:
    id: str
    link: Link
    url: str | None
    """The url as written, when it is not linked (not an http(s) address)."""
    scope: tuple[str, ...]
    description: str | None


@dataclass(frozen=True)
class ConditionView:
    id: str
    name: str
    phrase: str
    test: str | None
    description: str | None


@dataclass(frozen=True)
class FindingView:
    severity: str
    severity_words: str
    kind: str
    message: str
    where: str | None
    cells: int


@dataclass(frozen=True)
class RuleView:
    id: str
    kind: str
    glyph: str
    effect: str
    status: str
    covers: tuple[str, ...]
    bases: tuple[Link, ...]
    rationale: str | None


@dataclass(frozen=True)
class RegistryStatus:
    """What the export did with the registry configuration, for "How this guidance was made"."""

    filename: str
    written: bool
    sha256: str | None = None
    """The sha256 of the bytes written (or that this catalogue and view give)."""
    refusal: Message | str | None = None


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    code: bool = False


@dataclass
class Page:
    lang: str
    title: str
    catalogue_title: str
    draft: str | None
    draft_reasons: tuple[str, ...]
    cover: tuple[Fact, ...]
    generated: str
    generated_iso: str
    actions: tuple[ActionView, ...]
    legend: tuple[Legend, ...]
    readers: tuple[ReaderSection, ...]
    sources: tuple[SourceSection, ...]
    legal_bases: tuple[LegalView, ...]
    conditions: tuple[ConditionView, ...]
    findings: tuple[FindingView, ...]
    findings_summary: str
    rules: tuple[RuleView, ...]
    about: tuple[Fact, ...]
    registry: RegistryStatus | None
    registry_note: str
    companion: str | None
    content_hash: str
    tool: str
    code_system: str | None
    catalogue_lang: str = "nb"
    description: str | None = None
    view: str = "approved"


# -- words -------------------------------------------------------------------------------
def decision_words() -> dict[str, str]:
    """The word for each decision kind, in the current language; deny and no rule differ in
    words too (the glyph is hidden from screen readers, so the word must tell them apart)."""
    return {
        "allow": _("Yes"),
        "conditional": _("Conditional"),
        "deny": _("No (denied)"),
        "none": _("No (no rule)"),
        "na": _("Not applicable"),
    }


def legend() -> tuple[Legend, ...]:
    words = decision_words()
    meanings = {
        "allow": _("shared without conditions"),
        "conditional": _("shared when the conditions written below the word hold"),
        "deny": _("not shared: a rule denies it"),
        "none": _("not shared: no rule shares it"),
        "na": _("the source does not produce this document type"),
    }
    return tuple(Legend(kind, GLYPHS[kind], words[kind], meanings[kind]) for kind in ("allow", "conditional", "deny", "none", "na"))


def _view_words(view: str) -> str:
    meaning = {
        "approved": _("only approved rules count"),
        "proposed": _("approved and proposed rules count"),
        "draft": _("every rule that is not retired counts, drafts included"),
    }[view]
    return f"{view_word(view)} – {meaning}"


# -- building ----------------------------------------------------------------------------
class _Builder:
    def __init__(self, evaluation: Evaluation):
        self.ev = evaluation
        self.cat: Catalogue = evaluation.catalogue
        self.words = decision_words()
        self.explained: dict[tuple[str, str, str, str], Explanation] = {}
        for region in evaluation.regions():
            for source, action, document, groups in region.cells.rows():
                for group in groups:
                    self.explained[(source, document, group, action)] = region.explanation
        self._views: dict[tuple, DecisionView] = {}
        self.category_of = {}
        self.category_order: list[str | None] = []
        for category, documents in self.cat.documents_by_category():
            self.category_order.append(category)
            for document in documents:
                self.category_of[document] = category
        self.document_index = {d: i for i, d in enumerate(evaluation.documents)}
        systems = Counter(
            ref.system for doc in self.cat.document_types.values() for ref in (doc.type_code, doc.class_code) if ref is not None
        )
        self.code_system = max(systems, key=systems.__getitem__) if systems else None
        """The code system most type and class codes are from: named once, not on every row."""

    def short_code(self, ref) -> str | None:
        if ref is None:
            return None
        if ref.system == self.code_system:
            return ref.code + (f" – {ref.display}" if ref.display else "")
        return _coded(ref.system, ref.code, ref.display)

    # -- one decision ------------------------------------------------------------------
    def decision_view(self, explanation: Explanation) -> DecisionView:
        key = (explanation.decision, explanation.legal_bases)
        found = self._views.get(key)
        if found is None:
            decision = explanation.decision
            grants = tuple(self.grant_view(g) for g in decision.grants) if decision.readable else ()
            found = DecisionView(
                decision.kind,
                GLYPHS[decision.kind],
                decision_label(self.words, decision),
                grants,
                tuple(self.basis_link(b) for b in explanation.legal_bases),
            )
            self._views[key] = found
        return found

    def grant_view(self, grant: Grant) -> GrantView:
        conditions = [self.cat.conditions[c] for c in grant.conditions if c in self.cat.conditions]
        regimes = [c for c in conditions if c.attribute == "scope" and c.values and all(isinstance(v, str) for v in c.values)]
        others = [c for c in conditions if c not in regimes]
        regime = join_and([regime_phrase(c) for c in regimes]) if regimes else None
        if others:
            when = _("when {conditions}", conditions=join_and([condition_phrase(c) for c in others]))
        elif regimes:
            when = _("without further conditions")
        else:
            when = _("without conditions")
        return GrantView(regime, when, window_phrase(grant.window))

    def basis_link(self, basis_id: str) -> Link:
        basis = self.cat.legal_bases.get(basis_id)
        if basis is None:
            return Link(basis_id)
        return Link(basis.name, web_address(basis.url))

    # -- names of sets of leaves -------------------------------------------------------
    def leaf_names(self, axis: str, leaves: Iterable[str]) -> str:
        """The leaves in words, an inner node standing for all of its leaves when every one
        of them is in the set (the largest such nodes first)."""
        hierarchy = {"sources": self.cat.source_axis, "personnel": self.cat.personnel_axis}[axis]
        remaining = set(leaves)
        if not remaining:
            return ""
        if remaining >= set(hierarchy.leaves) and len(hierarchy.leaves) > 1:
            return _("all personnel groups") if axis == "personnel" else _("all sources")
        inner = [n for n in hierarchy.order if not hierarchy.is_leaf(n) and len(hierarchy.leaves_under(n)) > 1]
        inner.sort(key=lambda n: (-len(hierarchy.leaves_under(n)), hierarchy.order[n]))
        chosen: list[str] = []
        for node in inner:
            under = hierarchy.leaves_under(node)
            if under <= remaining:
                chosen.append(node)
                remaining -= under
        items = hierarchy.sorted(chosen + sorted(remaining))
        return phrases.names(
            _("{name} (all)", name=self.cat.name_of(axis, n)) if n in chosen else self.cat.name_of(axis, n) for n in items
        )

    def document_groups(self, documents: list[str], produced: dict[str | None, list[str]]) -> tuple[DocumentGroup, ...]:
        by_category: dict[str | None, list[str]] = {}
        for document in documents:
            by_category.setdefault(self.category_of.get(document), []).append(document)
        groups = []
        for category in self.category_order:
            chosen = by_category.get(category)
            if not chosen:
                continue
            name = self.cat.name_of("documents", category) if category else _("Other document types")
            every = produced.get(category, [])
            if len(chosen) > 1 and len(chosen) == len(every):
                text = str(MP("all {n} type", "all {n} types", len(chosen)))
            else:
                text = phrases.names(self.cat.document_types[d].name for d in chosen)
            groups.append(DocumentGroup(name, text, tuple(chosen)))
        return tuple(groups)

    # -- sections ------------------------------------------------------------------------
    def produced(self, source: str) -> list[str]:
        """The document types a source produces (applicable cells), in catalogue order."""
        action = self.ev.actions[0]
        group = self.ev.personnel[0] if self.ev.personnel else None
        if group is None:
            return []
        return [d for d in self.ev.documents if (source, d, group, action) in self.explained]

    def reader(self, group_id: str) -> ReaderSection:
        ev, cat = self.ev, self.cat
        group = cat.personnel_groups[group_id]
        clusters: dict[tuple, list[str]] = {}
        nothing: list[str] = []
        nothing_kinds: set[str] = set()
        for source in ev.sources:
            produced = self.produced(source)
            rows: dict[tuple, list[str]] = {}
            readable = False
            for document in produced:
                explained = [self.explained[(source, document, group_id, a)] for a in ev.actions]
                readable = readable or any(e.decision.readable for e in explained)
                rows.setdefault(tuple((e.decision, e.legal_bases) for e in explained), []).append(document)
            if not readable:
                nothing.append(source)
                nothing_kinds.update(kind.kind for key in rows for kind, _bases in key)
                continue
            signature = tuple(sorted(((key, tuple(docs)) for key, docs in rows.items()), key=lambda item: self.document_index[item[1][0]]))
            clusters.setdefault(signature, []).append(source)
        built = []
        for signature, sources in clusters.items():
            produced_by_category: dict[str | None, list[str]] = {}
            for document in self.produced(sources[0]):
                produced_by_category.setdefault(self.category_of.get(document), []).append(document)
            rows = []
            for key, documents in signature:
                explanations = [self.explained[(sources[0], documents[0], group_id, a)] for a in ev.actions]
                rows.append(
                    (
                        not any(e.decision.readable for e in explanations),
                        self.document_index[documents[0]],
                        ReaderRow(
                            self.document_groups(list(documents), produced_by_category),
                            tuple(self.decision_view(e) for e in explanations),
                        ),
                    )
                )
            rows.sort(key=lambda item: item[:2])
            built.append(
                Cluster(
                    f"g-{group_id}-{sources[0]}",
                    join_and([cat.sources[s].name for s in sources]),
                    tuple(row for _hidden, _index, row in rows),
                    tuple(sources),
                )
            )
        reason = None
        if nothing:
            if nothing_kinds == {"deny"}:
                reason = _("a rule denies it")
            elif nothing_kinds <= {"none"}:
                reason = _("no rule shares it")
            else:
                reason = _("rules deny some of it and no rule shares the rest")
        return ReaderSection(
            group_id,
            f"g-{group_id}",
            group.name,
            group.description,
            self.who(group),
            tuple(built),
            join_and([cat.sources[s].name for s in nothing]) if nothing else None,
            reason,
            tuple(nothing),
        )

    def who(self, group) -> tuple[str, ...]:
        lines = []
        if group.authorizations:
            lines.append(_("HPR authorisation: {codes}", codes=join_or(list(group.authorizations))))
        if group.healthcare_services:
            services = "; ".join(_coded(m.system, m.code, m.display) for m in group.healthcare_services)
            lines.append(_("Healthcare service (one of): {services}", services=services))
        if not lines:
            lines.append(_("No request names this group: it has no HPR authorisation to match."))
        return tuple(lines)

    def source(self, source_id: str) -> SourceSection:
        ev, cat = self.ev, self.cat
        source = cat.sources[source_id]
        metadata = []
        if source.facility_matches:
            metadata.append(MetadataLine(_("Facility type (healthcareFacilityTypeCode)"), tuple(_coded(m.system, m.code, m.display) for m in source.facility_matches)))
        if source.practice_settings:
            metadata.append(MetadataLine(_("Practice setting (practiceSettingCode)"), tuple(_coded(m.system, m.code, m.display) for m in source.practice_settings)))
        if source.organizations:
            metadata.append(MetadataLine(_("Author organisation (authorInstitution)"), tuple(_coded(m.system, m.code, m.display) for m in source.organizations)))
        if source.home_communities:
            metadata.append(MetadataLine(_("Home community (homeCommunityId)"), tuple(source.home_communities)))
        categories: dict[str | None, list[SourceDocument]] = {}
        produced = self.produced(source_id)
        class_codes: dict[str | None, set] = {}
        for document in produced:
            ref = cat.document_types[document].class_code
            class_codes.setdefault(self.category_of.get(document), set()).add(None if ref is None else (ref.system, ref.code, ref.display))
        shared_class = {c: next(iter(codes)) for c, codes in class_codes.items() if len(codes) == 1 and None not in codes}
        for document in produced:
            doc = cat.document_types[document]
            audiences = []
            for action in ev.actions:
                by_kind: dict[str, list[str]] = {}
                for group in ev.personnel:
                    decision = self.explained[(source_id, document, group, action)].decision
                    if decision.readable:
                        by_kind.setdefault(decision.kind, []).append(group)
                if by_kind:
                    audiences.append(
                        tuple(
                            Audience(kind, GLYPHS[kind], self.words[kind], self.leaf_names("personnel", by_kind[kind]), tuple(by_kind[kind]))
                            for kind in ("allow", "conditional")
                            if kind in by_kind
                        )
                    )
                else:
                    audiences.append((Audience("none", GLYPHS["none"], self.words["none"], _("not shared with any group")),))
            categories.setdefault(self.category_of.get(document), []).append(
                SourceDocument(
                    doc.name,
                    self.short_code(doc.type_code),
                    None if self.category_of.get(document) in shared_class else self.short_code(doc.class_code),
                    phrases.confidentiality_words(doc.confidentiality),
                    tuple(audiences),
                    document,
                )
            )
        categories_first = {}
        for document in produced:
            categories_first.setdefault(self.category_of.get(document), document)
        return SourceSection(
            source_id,
            f"s-{source_id}",
            source.name,
            phrases.status_words(source.status),
            source.description,
            tuple(metadata),
            tuple(
                SourceCategory(
                    cat.name_of("documents", c) if c else _("Other document types"),
                    self.short_code(cat.document_types[categories_first[c]].class_code) if c in shared_class else None,
                    tuple(categories[c]),
                )
                for c in self.category_order
                if c in categories
            ),
        )

    def legal(self) -> tuple[LegalView, ...]:
        cat, views = self.cat, []
        for basis in cat.legal_bases.values():
            href = web_address(basis.url)
            scope = []
            if basis.scope is not None:
                for axis, label in (
                    ("sources", _("Sources")),
                    ("documents", _("Documents")),
                    ("personnel", _("Personnel")),
                    ("actions", _("Actions")),
                ):
                    nodes = getattr(basis.scope, axis)
                    if nodes is not None:
                        scope.append(f"{label}: " + phrases.names(cat.name_of(axis, n) for n in nodes))
            views.append(
                LegalView(
                    basis.id,
                    Link(basis.name, href),
                    basis.url if basis.url and href is None else None,
                    tuple(scope) or (_("every cell (no scope given)"),),
                    basis.description,
                )
            )
        return tuple(views)

    def conditions(self) -> tuple[ConditionView, ...]:
        return tuple(
            ConditionView(c.id, c.name, condition_phrase(c), phrases.attribute_test(c), c.description)
            for c in self.cat.conditions.values()
        )

    def rules(self) -> tuple[RuleView, ...]:
        cat, views = self.cat, []
        for rule in self.ev.rules:
            covers = [
                f"{label}: " + (phrases.names(cat.name_of(axis, n) for n in nodes) if nodes is not None else _("all"))
                for axis, label, nodes in (
                    ("sources", _("Sources"), rule.sources),
                    ("documents", _("Documents"), rule.documents),
                    ("personnel", _("Personnel"), rule.personnel),
                    ("actions", _("Actions"), rule.actions),
                )
            ]
            if rule.conditions:
                covers.append(_("Conditions") + ": " + phrases.names(cat.name_of("conditions", c) for c in rule.conditions))
            if rule.effect == "allow":
                covers.append(_("How far back") + ": " + window_phrase(rule.months))
            kind = "allow" if rule.effect == "allow" and not rule.conditions else ("conditional" if rule.effect == "allow" else "deny")
            views.append(
                RuleView(
                    rule.id,
                    kind,
                    GLYPHS[kind],
                    {"allow": _("allow"), "conditional": _("allow on conditions"), "deny": _("deny")}[kind],
                    rule.status,
                    tuple(covers),
                    tuple(self.basis_link(b) for b in rule.legal_basis),
                    rule.rationale,
                )
            )
        return tuple(views)


def _coded(system: str, code: str | None, display: str | None) -> str:
    """'Volven 9602 A03-2 – Epikrise'; without a code: 'any code of Volven 8655 (…)'."""
    label = system_label(system)
    if code is None:
        return _("any code of {system}", system=label) + (f" ({display})" if display else "")
    return f"{label} {code}" + (f" – {display}" if display else "")


def finding_views(catalogue: Catalogue, findings: list[Finding]) -> tuple[FindingView, ...]:
    return tuple(
        FindingView(
            f.severity,
            phrases.severity_words(f.severity),
            f.kind,
            f.message,
            f"{f.location.file}:{f.location.line}" if f.location else None,
            f.cell_count,
        )
        for f in findings
    )


def draft_reasons(view: str, errors: int) -> tuple[str, ...]:
    """Why the page is a DRAFT (SPEC §12: unless the view is approved and has no errors)."""
    reasons = []
    if view != "approved":
        reasons.append(_("the view is “{view}”, not “{approved}”", view=view_word(view), approved=view_word("approved")))
    if errors:
        reasons.append(str(MP("the catalogue has {n} error finding", "the catalogue has {n} error findings", errors)))
    return tuple(reasons)


def build(
    evaluation: Evaluation,
    findings: list[Finding],
    *,
    lang: str,
    generated: datetime.datetime,
    registry: RegistryStatus | None = None,
    companion: str | None = None,
    tool: str = "pjd",
) -> Page:
    """Everything the page says, in the current language."""
    cat = evaluation.catalogue
    builder = _Builder(evaluation)
    counts = summary(findings)
    reasons = draft_reasons(evaluation.view, counts["error"])
    draft = _("DRAFT – not approved policy") if reasons else None
    meta = cat.meta
    title = _("Which patient record documents health personnel can see: {title}", title=meta.title)
    actions = tuple(
        ActionView(a, entry.name, entry.short_name or entry.name, entry.description)
        for a, entry in ((a, cat.action_entries[a]) for a in evaluation.actions)
    )
    generated_text = generated.strftime("%Y-%m-%d %H:%M")
    cover = (
        Fact(_("Catalogue"), _("{id} · version {version}", id=meta.id, version=meta.version)),
        Fact(_("View"), _view_words(evaluation.view)),
        Fact(_("Content hash (sha256)"), cat.content_hash, code=True),
    )
    findings_summary = _(
        "errors: {errors}, warnings: {warnings}, information: {infos}",
        errors=counts["error"], warnings=counts["warning"], infos=counts["info"],
    )
    if registry is None:
        registry_note = _("The registry configuration was not part of this export.")
    elif registry.written:
        registry_note = _("Written by the same export, from the same catalogue and view:")
    elif registry.refusal is not None:
        registry_note = _("Not written: {reason}.", reason=str(registry.refusal))
    else:
        registry_note = _("Not written by this export; an export of the same catalogue and view writes a file with this sha256:")
    about = (
        Fact(_("Catalogue"), f"{meta.title} ({meta.id})"),
        Fact(_("Version"), meta.version),
        Fact(_("View"), _view_words(evaluation.view)),
        Fact(_("Content hash (sha256)"), cat.content_hash, code=True),
        Fact(_("Rules in the view"), f"{len(evaluation.rules)} / {len(cat.rules)}"),
        Fact(_("Findings"), findings_summary),
        Fact(_("Made by"), tool),
    )
    return Page(
        lang=lang,
        title=title,
        catalogue_title=meta.title,
        draft=draft,
        draft_reasons=reasons,
        cover=cover,
        generated=generated_text,
        generated_iso=generated.isoformat(timespec="seconds"),
        actions=actions,
        legend=legend(),
        readers=tuple(builder.reader(g) for g in evaluation.personnel),
        sources=tuple(builder.source(s) for s in evaluation.sources),
        legal_bases=builder.legal(),
        conditions=builder.conditions(),
        findings=finding_views(cat, findings),
        findings_summary=findings_summary,
        rules=builder.rules(),
        about=about,
        registry=registry,
        registry_note=registry_note,
        companion=companion,
        content_hash=cat.content_hash,
        tool=tool,
        code_system=(
            _("Type and class codes are from {system} ({oid}) unless another code system is named.",
              system=system_label(builder.code_system), oid=builder.code_system)
            if builder.code_system else None
        ),
        catalogue_lang=meta.language,
        description=meta.description,
        view=view_word(evaluation.view),
    )

