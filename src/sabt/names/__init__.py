"""Names as written, turned into keys that let spellings and scripts meet.

``script`` holds what every Dari and Pashto name needs, whatever it names:
Arabic-script normalisation, Latin folding and the cross-script consonant
skeleton. ``persons`` builds person-name keys on it for tracing; place names
are in ``sabt.gazetteer.place_names``. Pure Python, no Django.
"""
