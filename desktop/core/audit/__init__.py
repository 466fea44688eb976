"""The audit trail: entries written with every change, and the check that reads them."""
