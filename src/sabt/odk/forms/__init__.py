"""The XLSForms sabt builds from its own vocabularies and gazetteer.

``xlsform`` writes a workbook and converts it (pyxform, ODK Validate);
``choices`` makes the choice lists from the tables the web app uses, so a
form never drifts from them; each form module lists its questions.
"""
