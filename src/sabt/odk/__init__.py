"""ODK Collect and KoboToolbox: forms built from sabt's vocabularies, imports of
what the phones send back (DESIGN.md "Ways in from the field").

``crypto`` opens ODK's encrypted submissions, ``submission`` reads a
submission's XML, ``folders`` and ``central`` read what Briefcase, Collect
and ODK Central write, ``forms`` builds the XLSForms, ``importer`` turns
submissions into records through the domain services.
"""
