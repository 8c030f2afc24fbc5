"""Bundles: a self-contained export of records that anyone can verify offline.

``contents`` chooses the records, ``writer`` writes the directory, and
``verifier`` builds the single-file ``verify.py`` that goes with it.
"""
