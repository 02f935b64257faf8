"""The catalogue's fixed vocabularies. Kept apart from the models so the CLI can offer them as
choices without importing pydantic."""

from enum import StrEnum


class Category(StrEnum):
    stretching = "stretching"
    mobility = "mobility"
    self_release = "self-release"
    warm_up = "warm-up"
    strength = "strength"
    cross_training = "cross-training"
    recovery = "recovery"
    hydration = "hydration"
    footwear = "footwear"


class Target(StrEnum):
    lower_back = "lower-back"
    thoracic_spine = "thoracic-spine"
    hip_flexors = "hip-flexors"
    quadriceps = "quadriceps"
    hamstrings = "hamstrings"
    glutes = "glutes"
    piriformis = "piriformis"
    hip_abductors = "hip-abductors"
    adductors = "adductors"
    lateral_thigh = "lateral-thigh"
    calves = "calves"
    ankles_feet = "ankles-feet"
    core = "core"
    cardiovascular = "cardiovascular"
    whole_body = "whole-body"


class Slot(StrEnum):
    pre_run = "pre-run"
    pre_hard_run = "pre-hard-run"
    post_run = "post-run"
    rest_day = "rest-day"
    daily = "daily"
    acute_flare = "acute-flare"
    after_long_run = "after-long-run"
    after_hard_run = "after-hard-run"


class Intensity(StrEnum):
    very_light = "very-light"
    light = "light"
    moderate = "moderate"
    vigorous = "vigorous"


class Equipment(StrEnum):
    yoga_mat = "yoga-mat"
    massage_ball = "massage-ball"
    foam_roller = "foam-roller"
    pool = "pool"
    bike = "bike"
    elliptical = "elliptical"
    flotation_belt = "flotation-belt"
    resistance_band = "resistance-band"
    heat_pack = "heat-pack"
    step = "step"
    wall = "wall"
    chair = "chair"
    towel = "towel"
    scales = "scales"


class Condition(StrEnum):
    acute_disc_bulge = "acute-disc-bulge"
    sciatica = "sciatica"
    pregnancy = "pregnancy"
    recent_surgery = "recent-surgery"
    osteoporosis = "osteoporosis"
    spinal_stenosis = "spinal-stenosis"
    spondylolisthesis = "spondylolisthesis"
    hip_replacement = "hip-replacement"
    knee_pain = "knee-pain"
    bleeding_risk = "bleeding-risk"
    reduced_sensation = "reduced-sensation"
    fluid_restriction = "fluid-restriction"
    heart_condition = "heart-condition"


class RedFlagLevel(StrEnum):
    """How soon a red flag needs a clinician, and what happens to the plan."""

    emergency = "emergency"  # A&E now; no plan
    urgent = "urgent"  # a doctor today; no plan
    soon = "soon"  # book a GP appointment; the plan goes on, with a note


class RedFlagGroup(StrEnum):
    cauda_equina = "cauda-equina"
    cancer = "cancer"
    infection = "infection"
    fracture = "fracture"
    inflammatory = "inflammatory"
    neurological = "neurological"
    bone_stress = "bone-stress"
    energy = "energy"


class RunKind(StrEnum):
    easy = "easy"
    recovery = "recovery"
    tempo = "tempo"
    intervals = "intervals"
    hills = "hills"
    long = "long"
    race = "race"
