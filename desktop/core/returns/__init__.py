"""Return home (返乡安置): from the first call to the family to the visits months after the
handover. ``plans`` carries a plan through its steps; ``handover`` discharges the child
and makes the follow-up visits; ``visits`` records them and lists those due."""
