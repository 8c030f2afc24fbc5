"""The field kit: records where the network is cut, and cannot read back.

A kit holds its own signing key and only the organisation's public key. What
it records is sealed to that key at once (``capture``), exported as signed
bundle parts (``export``) and opened, checked and merged at headquarters
(``importing``), where enrolment (``enrolment``) decides which kits count.
"""
