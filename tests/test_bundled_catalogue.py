"""The bundled catalogue: complete, sourced, and carrying its safety rules."""

from __future__ import annotations

import re

import pytest

from runback.models import Catalogue, Source, Technique, describe_dose
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


# --- what the techniques say --------------------------------------------------------------------


def said(t: Technique) -> str:
    """Everything a technique says to the runner, in one lower-case text."""
    parts = [t.purpose, t.timing or "", t.dose.note or "", *t.steps, *t.cautions]
    return " ".join(parts).lower()


def test_drinking_during_a_run_is_to_thirst_with_no_amount_for_everyone(catalogue: Catalogue) -> None:
    """Drink to thirst within the run's upper bound, never to a schedule or a fixed amount, and
    never more than you sweat (Hew-Butler 2015, beside ACSM 2007)."""
    during = catalogue.get("drink-during-long-run")
    assert during is not None and during.dose.ml_per_hour is not None
    text = said(during)
    assert "thirst" in text and "hyponatraemia" in text
    assert not re.search(r"\d\s*(?:ml|l|litres?)\b", text), "a fixed amount"
    assert not re.search(r"every \d", text), "a drinking schedule"
    authors = [s.authors or "" for s in during.sources]
    assert any(a.startswith("Hew-Butler T") for a in authors) and any(
        a.startswith("Sawka MN") for a in authors
    )


def test_drinking_before_a_run_is_only_if_needed(catalogue: Catalogue) -> None:
    """ACSM 2007: 5-7 mL/kg at least 4 hours before, if needed; 3-5 mL/kg more about 2 hours
    before only with no urine or dark urine."""
    before = catalogue.get("hydrate-before-run")
    assert before is not None and (before.timing or "").startswith("if needed")
    assert "only if you pass no urine or it is dark" in (before.timing or "")
    assert "need nothing extra" in said(before)


def test_heat_is_small_and_short_lived_and_kept_from_those_it_could_harm(catalogue: Catalogue) -> None:
    heat = catalogue.get("heat-for-flare")
    assert heat is not None
    assert {"reduced-sensation", "bleeding-risk"} <= set(heat.contraindications)
    cautions = " ".join(heat.cautions).lower()
    assert "swollen" in cautions and "fresh injury" in cautions
    assert "broken skin" in cautions and "blood clot (dvt)" in cautions
    assert "small, short-term" in heat.purpose and "spasm" not in said(heat)
    assert any((s.authors or "").startswith("French SD") for s in heat.sources)


MECHANISMS = (
    "tip the pelvis",
    "tips the pelvis",
    "tilt the pelvis",
    "tilts the pelvis",
    "forward-tipped pelvis",
    "pull on the pelvis",
    "make up for",
    "makes up for",
    "load off the lower back",
    "share the work",
    "cause back pain",
    "causes back pain",
    "loads the lower back",
    "arches the lower back",
    "muscle spasm",
    "restores rotation",
    "extra movement onto",
    "absorb landing forces",
    "less to be taken up",
)


def test_no_technique_states_a_mechanism_the_evidence_does_not_show(catalogue: Catalogue) -> None:
    """People with and without back pain have much the same lordosis (Laird 2014): no technique
    says that tight muscles tip the pelvis and cause back pain, or what an exercise does to the spine."""
    for t in catalogue.techniques:
        text = said(t)
        assert not [m for m in MECHANISMS if m in text], t.id
    hip_flexors = catalogue.get("half-kneeling-hip-flexor-stretch")
    assert hip_flexors is not None and "not known" in hip_flexors.purpose
    assert any((s.authors or "").startswith("Laird RA") for s in hip_flexors.sources)


def test_yoga_claims_a_small_effect_in_chronic_pain_only(catalogue: Catalogue) -> None:
    yoga = catalogue.get("gentle-yoga")
    assert yoga is not None
    assert "chronic" in yoga.purpose and "a little" in yoga.purpose and "certainty" in yoga.purpose
    assert any((s.authors or "").startswith("Wieland LS") for s in yoga.sources)


def test_every_static_stretch_says_its_hold_its_repeats_and_60_s_in_total(catalogue: Catalogue) -> None:
    """10-30 s, 2-4 times, about 60 s per muscle (ACSM): as the data says, so the words do."""
    stretches = [t for t in catalogue.techniques if t.category is Category.stretching]
    assert stretches
    for t in stretches:
        assert t.dose.hold_s and t.dose.reps and t.dose.total_s == 60, t.id
        note = t.dose.note or ""
        hold, reps = t.dose.hold_s, t.dose.reps
        assert note.startswith(
            f"Hold {hold[0]}-{hold[1]} s, {reps[0]}-{reps[1]} times, about 60 s in total"
        ), t.id
        assert note.split(". ")[0].endswith("on each side") == t.dose.per_side, t.id


def test_mobility_drills_move_through_a_comfortable_range_and_never_hold(catalogue: Catalogue) -> None:
    drills = [t for t in catalogue.techniques if t.category is Category.mobility]
    assert {"cat-cow", "open-book-thoracic-rotation"} <= {t.id for t in drills}
    for t in drills:
        assert t.dose.reps and not t.dose.hold_s, t.id
        assert "no hold" in (t.dose.note or "") and "comfortable" in said(t), t.id
        assert not re.search(r"\b(?:pause|hold)\b", " ".join(t.steps).lower()), t.id


# --- what each condition's note says the plan does ------------------------------------------------

# How a condition's note names each technique it leaves out or adds (hyphens read as spaces).
NAMED = {
    "a-skips": ("a skips",),
    "childs-pose": ("child's pose",),
    "cycling": ("cycling",),
    "dead-bug": ("dead bug",),
    "deep-water-running": ("deep water running",),
    "drink-during-long-run": ("drinking advice",),
    "figure-4-stretch": ("figure 4",),
    "foam-roll-calves": ("foam roller",),
    "foam-roll-lateral-thigh": ("foam roller",),
    "foam-roll-quadriceps": ("foam roller",),
    "foam-roll-thoracic-spine": ("rolling the upper back", "foam roller"),
    "gentle-walk-flare": ("gentle walk",),
    "gentle-yoga": ("yoga",),
    "glute-ball-release": ("massage ball",),
    "glute-bridge": ("bridges",),
    "glute-bridge-activation": ("bridges",),
    "half-kneeling-hip-flexor-stretch": ("half kneeling hip flexor",),
    "heat-for-flare": ("heat",),
    "hip-circles": ("hip circles",),
    "hydrate-before-run": ("drinking advice",),
    "knee-side-plank": ("planks",),
    "knees-to-chest": ("knee to chest",),
    "mcgill-curl-up": ("curl up",),
    "piriformis-ball-release": ("release of the piriformis", "massage ball"),
    "rehydrate-after-run": ("drinking advice",),
    "relative-rest-from-running": ("relative rest from running",),
    "side-plank": ("planks",),
    "single-leg-bridge": ("bridges",),
    "single-leg-squat": ("single leg squats",),
    "single-leg-step-down": ("step downs",),
    "standing-quad-stretch": ("standing quadriceps stretch",),
    "supine-hamstring-stretch": ("lying hamstring stretch",),
    "swimming": ("swimming",),
    "walking-lunges": ("lunges",),
}


def test_each_condition_note_says_exactly_what_the_plan_does(catalogue: Catalogue) -> None:
    """Every technique a condition leaves out (its contraindications) and every one it adds is
    named; a note says how runs change, or that they do not; and it cites a source."""
    rules = catalogue.rules
    for condition, rule in rules.conditions.items():
        text = rule.note.text.lower().replace("-", " ")
        assert rule.note.source is not None, condition
        named = [t.id for t in catalogue.techniques if condition in t.contraindications]
        named += [tid for block in rule.add for tid in block.only] + list(rule.prefer_cross_training[:1])
        for tid in named:
            assert any(phrase in text for phrase in NAMED[tid]), (condition.value, tid)
        assert "left out" in text or not [t for t in catalogue.techniques if condition in t.contraindications]
        if rule.max_run_minutes:
            assert f"up to {rule.max_run_minutes} minutes" in text, condition
        if rule.hard_runs == "easy":
            assert "hard" in text and "easy runs" in text, condition
        assert ("long runs" in text) == (rule.hard_runs == "easy" or rule.long_runs == "easy"), condition
        if rule.long_runs == "keep" and rule.hard_runs == "easy":
            assert "long runs are kept" in text, condition
        if rule.hard_runs == rule.long_runs == "keep" and not rule.max_run_minutes:
            assert "runs are not changed" in text, condition


# --- red flags ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag_id", "level", "group", "author", "signs"),
    [
        ("femoral-neck-stress", "urgent", "bone-stress", "Warden SJ", ("groin", "hop", "running")),
        ("sacral-or-pelvic-stress", "urgent", "bone-stress", "Warden SJ", ("buttock", "hop", "night")),
        ("low-energy-availability", "soon", "energy", "Mountjoy M", ("periods", "bone stress", "weight")),
        ("extension-pain-under-20", "soon", "bone-stress", "Standaert CJ", ("under about 20", "arch")),
    ],
)
def test_runner_specific_red_flags_with_their_levels_and_sources(
    catalogue: Catalogue, flag_id: str, level: str, group: str, author: str, signs: tuple[str, ...]
) -> None:
    """Bone stress of the femoral neck (it can displace) and of the sacrum or pelvis need a doctor
    today; low energy availability and possible spondylolysis in a young runner, a GP soon."""
    flag = next((f for f in catalogue.red_flags if f.id == flag_id), None)
    assert flag is not None
    assert (flag.level, flag.group) == (level, group)
    assert any((s.authors or "").startswith(author) for s in flag.sources)
    assert all(sign in flag.description.lower() for sign in signs)


def test_each_red_flag_level_matches_what_it_may_be(catalogue: Catalogue) -> None:
    """Cauda equina signs are emergencies; possible cancer, infection and fracture are urgent; and
    each description says how soon, as its level does."""
    expected = {"cauda-equina": "emergency", "cancer": "urgent", "infection": "urgent", "fracture": "urgent",
                "inflammatory": "soon", "energy": "soon"}  # fmt: skip
    for flag in catalogue.red_flags:
        if flag.group in expected:
            assert flag.level == expected[flag.group], flag.id
        words = {"emergency": "a&e", "urgent": "today", "soon": "soon"}[flag.level]
        assert words in flag.description.lower(), flag.id
        if flag.level == "soon":
            assert "not an emergency" in flag.description, flag.id
    inflammatory = next(f for f in catalogue.red_flags if f.id == "inflammatory-back-pain")
    assert any("NG65" in s.title and s.kind == "guideline" for s in inflammatory.sources)


def test_the_red_flag_notice_says_how_soon_for_each_level(catalogue: Catalogue) -> None:
    notice = catalogue.notices.red_flags
    assert "A&E now" in notice and "doctor today" in notice and "GP appointment soon" in notice
