"""Helpers the screens share: loading .ui files, tables, style, field widgets, threads."""
