"""runback: a recovery planner for runners with a sore lower back."""

__version__ = "0.1.0"
