"""The bundled catalogue: complete, sourced, and carrying its safety rules."""

from __future__ import annotations

import re

from runback.models import Catalogue, describe_dose
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
