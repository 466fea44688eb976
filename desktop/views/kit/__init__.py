"""Helpers the screens share: loading .ui files, tables, style, formatting, threads."""
