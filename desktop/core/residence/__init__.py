"""Residence: rooms and beds, placements, discharge and the daily roster."""
