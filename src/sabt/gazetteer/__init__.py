"""Gazetteer: places in Latin and Arabic script, districts, fuzzy lookup.

Reference rows come from the GeoNames and geoBoundaries files shipped in
``data/``; places users add are signed ledger events (``place.added``).
"""
