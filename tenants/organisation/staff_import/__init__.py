"""HR's spreadsheet import of the municipality's organisation and staff:
a CSV or XLSX file with Danish column names (columns.py) is read
(reading.py), checked row by row against the organisation into a preview
(plan.py), and — once HR confirms — applied all at once (services.py,
bulk.py), each step by a background task (tenants.organisation.tasks)."""
