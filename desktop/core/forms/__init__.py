"""The printed forms: a layout kit on ReportLab, the fonts, one builder per form.

- ``registry``: the forms (key, Chinese title, description); light to import.
- ``service.render(db, actor, form, case_no)``: PDF bytes from the database;
  ``service.render_blank(db, actor, form)``: the form blank, for handwriting.
- ``data``: the plain data a builder is filled from (``CaseData``).
- ``kit``, ``linebreak``, ``fonts``, ``values``: the layout kit, line breaking by the
  Chinese rules, the fonts, the field values in print.
- ``notice``: what the family-search notice may publish and for whom.
- ``intake_form``, ``belongings_form``, ``notice_form``: the builders.

No Qt here: forms print from the command line and the tests as from the program.
"""
