"""The Panjshir demo case: seed documents loaded through the domain services.

Its own app, above the domain apps it calls, so that ``records`` need not
import ``evidence`` to load a demo.
"""
