"""The bundled catalogue: complete, sourced, and carrying its safety rules."""

from __future__ import annotations

import re

from runback.models import Catalogue, Source, describe_dose
from runback.vocab import Category, Slot


def test_at_least_35_techniques_in_every_category(catalogue: Catalogue) -> None:
    assert len(catalogue.techniques) >= 35
    present = {t.category for t in catalogue.techniques}
    assert present == set(Category)


def test_named_techniques_are_there(catalogue: Catalogue) -> None:
    ids = {t.id for t in catalogue.techniques}
    for wanted in (
        "piriformis-ball-release",
        "figure-4-stretch",
        "half-kneeling-hip-flexor-stretch",
        "cat-cow",
        "childs-pose",
        "knees-to-chest",
        "bird-dog",
        "dead-bug",
        "side-plank",
        "clamshell",
        "swimming",
        "cycling",
        "deep-water-running",
        "heat-for-flare",
        "hydrate-before-run",
    ):
        assert wanted in ids


def test_every_technique_has_a_dose_steps_and_a_real_source(catalogue: Catalogue) -> None:
    for t in catalogue.techniques:
        assert describe_dose(t.dose), t.id
        assert t.steps and all(step.endswith(".") for step in t.steps), t.id
        assert t.sources and all(re.match(r"https://", s.url) for s in t.sources), t.id
        assert t.minutes >= 0


def test_static_stretches_follow_acsm(catalogue: Catalogue) -> None:
    for t in catalogue.techniques:
        if t.category is Category.stretching and t.dose.hold_s:
            assert t.dose.hold_s[0] >= 10 and t.dose.hold_s[1] <= 60, t.id
            assert t.dose.reps and t.dose.reps[1] <= 4, t.id


def test_self_release_never_on_the_lumbar_spine_and_never_instead_of_exercise(catalogue: Catalogue) -> None:
    for t in catalogue.techniques:
        if t.category is Category.self_release:
            text = " ".join(t.cautions).lower()
            assert "lumbar" in text or "lower back" in text, t.id
            assert "exercise" in text, t.id
            assert "bleeding-risk" in t.contraindications, t.id


def test_loaded_flexion_is_contraindicated_with_an_acute_disc_bulge(catalogue: Catalogue) -> None:
    for tid in ("knees-to-chest", "childs-pose", "mcgill-curl-up"):
        technique = catalogue.get(tid)
        assert technique is not None and "acute-disc-bulge" in technique.contraindications


def test_warm_ups_before_runs_static_stretches_after(catalogue: Catalogue) -> None:
    for t in catalogue.techniques:
        if t.category is Category.warm_up:
            assert {Slot.pre_run, Slot.pre_hard_run} & set(t.slots), t.id
            assert t.stage is not None, t.id
        if t.category is Category.stretching:
            assert Slot.pre_run not in t.slots and Slot.pre_hard_run not in t.slots, t.id
    # Specific drills (skips) are for hard sessions only, never the warm-up of an easy run.
    a_skips = catalogue.get("a-skips")
    assert a_skips is not None and a_skips.stage == "specific" and Slot.pre_run not in a_skips.slots


def test_red_flags_name_the_emergencies(catalogue: Catalogue) -> None:
    flags = {f.id: f for f in catalogue.red_flags}
    for wanted in (
        "saddle-numbness",
        "bladder-changes",
        "bowel-changes",
        "bilateral-sciatica",
        "progressive-leg-weakness",
        "fever",
        "weight-loss",
        "trauma",
        "cancer-history",
        "night-pain",
    ):
        assert wanted in flags
    emergencies = {f.id for f in catalogue.red_flags if f.level == "emergency"}
    assert {
        "saddle-numbness",
        "bladder-changes",
        "bowel-changes",
        "bilateral-sciatica",
        "progressive-leg-weakness",
    } <= emergencies
    assert all(f.group == "cauda-equina" for f in catalogue.red_flags if f.level == "emergency")
    assert all("emergency" in f.description.lower() for f in catalogue.red_flags if f.level == "emergency")
    assert all(f.sources for f in catalogue.red_flags)
    # Inflammatory back pain is not an emergency: see a GP soon, and the plan goes on (NICE NG65).
    assert flags["inflammatory-back-pain"].level == "soon"


def test_hydration_follows_acsm_2007(catalogue: Catalogue) -> None:
    before = catalogue.get("hydrate-before-run")
    assert before is not None and before.dose.ml_per_kg == (5, 7)
    during = catalogue.get("drink-during-long-run")
    assert during is not None and "2 %" in (during.dose.note or "")
    assert all(
        "fluid-restriction" in t.contraindications
        for t in catalogue.techniques
        if t.category is Category.hydration
    )


def test_notices_say_not_medical_advice(catalogue: Catalogue) -> None:
    assert "not medical advice" in catalogue.notices.disclaimer
    assert "runback show red-flags" in catalogue.notices.pointer


# --- sources: what kind each is, who wrote it, and what it is cited for ----------------------------

AUTHOR = re.compile(r"^(?:[a-z]+ )?[A-Z][\w'-]*(?: [A-Z][\w'-]*)* [A-Z]{1,3}$")


def every_source(catalogue: Catalogue) -> list[tuple[str, Source]]:
    """Every source in the catalogue, with where it is cited."""
    found = [(t.id, s) for t in catalogue.techniques for s in t.sources]
    found += [(f.id, s) for f in catalogue.red_flags for s in f.sources]
    messages = catalogue.rules.messages
    for name in type(messages).model_fields:
        source = getattr(messages, name).source
        if source is not None:
            found.append((f"messages.{name}", source))
    for condition, rule in catalogue.rules.conditions.items():
        assert rule.note.source is not None
        found.append((f"conditions.{condition.value}", rule.note.source))
    return found


def cited_by(catalogue: Catalogue, first_author: str) -> set[str]:
    return {where for where, s in every_source(catalogue) if (s.authors or "").startswith(first_author)}


def test_a_source_is_the_kind_its_address_says_and_every_article_names_its_authors(
    catalogue: Catalogue,
) -> None:
    """Journal articles (DOIs, PubMed, journal pages) are articles with their authors, up to six
    names then et al.; NICE and ACOG guidance are guidelines; NHS and society pages are web pages."""
    kinds = {"doi.org": "article", "pubmed.ncbi.nlm.nih.gov": "article", "link.springer.com": "article",
             "www.nice.org.uk": "guideline", "www.acog.org": "guideline",
             "www.nhs.uk": "web", "www.acsm.org": "web", "www.rcseng.ac.uk": "web"}  # fmt: skip
    for where, source in every_source(catalogue):
        host = source.url.split("/")[2]
        assert source.kind == kinds[host], (where, source.title)
        if source.kind == "article":
            assert source.authors, (where, source.title)
            names = source.authors.removesuffix(", et al.").split(", ")
            assert len(names) <= 6 and all(AUTHOR.match(n) for n in names), (where, source.authors)


def test_distefano_is_cited_only_for_the_exercises_it_measured(catalogue: Catalogue) -> None:
    """Distefano 2009 measured gluteal activation in clams, side-lying abduction, lunges, hops,
    single-leg squats and deadlifts and lateral band walks: not bridges or step-downs."""
    measured = {"clamshell", "side-lying-hip-abduction", "walking-lunges", "single-leg-squat"}
    cited = cited_by(catalogue, "Distefano LJ")
    assert cited and cited <= measured
    bridges_and_step_downs = {
        "glute-bridge",
        "glute-bridge-activation",
        "single-leg-bridge",
        "single-leg-step-down",
    }
    assert not cited & bridges_and_step_downs


def test_sleep_cites_finan_for_pain_and_watson_for_seven_hours(catalogue: Catalogue) -> None:
    sleep = catalogue.get("sleep")
    assert sleep is not None and "pain" in sleep.purpose
    authors = [s.authors or "" for s in sleep.sources]
    assert any(a.startswith("Finan PH, Goodin BR, Smith MT") for a in authors)
    assert any(a.startswith("Watson NF") for a in authors) and "7 hours" in (sleep.dose.note or "")
    assert cited_by(catalogue, "Watson NF") == {"sleep"}


def test_nice_ng59_is_never_the_source_of_a_stretch(catalogue: Catalogue) -> None:
    """NICE recommends exercise programmes, not named stretches or their doses."""
    for t in catalogue.techniques:
        if t.category is Category.stretching:
            assert not any("NG59" in s.title for s in t.sources), t.id


def test_load_warnings_cite_the_study_that_measured_each_threshold(catalogue: Catalogue) -> None:
    m = catalogue.rules.messages
    large, note = m.weekly_increase_large, m.weekly_increase
    assert large.source is not None and (large.source.authors or "").startswith("Nielsen RO")
    assert "30 %" in (large.basis or "") and "Nielsen 2014" in (large.basis or "")
    assert note.source is not None and (note.source.authors or "").startswith("Buist I")
    assert "532 novice runners" in (note.basis or "") and "Buist 2008" in (note.basis or "")
    assert cited_by(catalogue, "Nielsen RO") == {"messages.weekly_increase_large"}


def test_the_pain_ladder_cites_silbernagel_as_borrowed_from_tendinopathy(catalogue: Catalogue) -> None:
    m = catalogue.rules.messages
    for message in (m.eased, m.no_running):
        assert message.source is not None and message.source.kind == "article"
        assert message.source.authors == "Silbernagel KG, Thomeé R, Eriksson BI, Karlsson J"
        assert "borrowed from tendinopathy" in (message.basis or "")


def test_a_source_reads_as_a_reference_with_single_full_stops(catalogue: Catalogue) -> None:
    """Authors ending in "et al." are followed by one full stop, not two."""
    from runback.render.text import source_line

    lines = [source_line(s) for _, s in every_source(catalogue)]
    assert any("et al. American College of Sports Medicine position stand." in line for line in lines)
    assert not any(".." in line.split(" https://")[0] for line in lines)
