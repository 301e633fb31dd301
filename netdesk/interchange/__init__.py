"""vCard and CSV import and export: pure functions from files to drafts and back, no Qt, no storage.

Parsing never touches the database: it yields ``ImportRecord`` objects (a draft plus what the draft
cannot carry, such as the LinkedIn connection date or preserved vCard properties) and per-line
errors, so one bad record never stops the good ones and a preview can be shown before anything is
written.
"""
