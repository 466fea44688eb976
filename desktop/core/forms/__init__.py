"""The printed forms: a layout kit on ReportLab, the fonts, one builder per form.

- ``registry``: the forms (key, Chinese title, description); light to import.
- ``service.render(db, actor, form, case_no)``: PDF bytes from the database.
- ``data``: the plain data a builder is filled from (``CaseData``).
- ``kit``, ``fonts``, ``values``: the layout kit, the fonts, the field values in print.
- ``intake_form``, ``belongings_form``, ``notice_form``: the builders.

No Qt here: forms print from the command line and the tests as from the program.
"""
