"""Reports: lists and statistics out to Excel, CSV and PDF; the existing ledger in.

``sheets`` writes any table (.xlsx through openpyxl, .csv as UTF-8 with a BOM);
``export`` is the children's ledger out; ``ledger`` reads a ledger in, checks
it row by row and imports it all or nothing; ``stats`` counts a period.
"""
