"""Homeward: the intake-desk program of a minors' rescue and protection center."""

__version__ = "0.1.0"
