"""Reports and data exports of incidents, within each source's consent.

``contents`` gathers what an audience may see (by the disclosure plan of
``bundles.disclosure``, which refuses on drift and applies consent);
``rendering`` turns it into HTML or PDF; ``formats`` writes it as HXL or
ACLED CSV. The commands ``sabt report`` and ``sabt export-data`` sit on top.
"""
