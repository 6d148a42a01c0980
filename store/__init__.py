"""The data layer of ccpi-tui: documents in, records out.

Nothing in this package imports Textual or Rich; everything a clerk can do in
the app can be done from a Python shell with ``store.database.Store``.
"""
