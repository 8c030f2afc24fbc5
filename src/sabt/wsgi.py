"""WSGI entry point, with the umask of the ``sabt`` command (``sabt.cli``)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from sabt.cli import PRIVATE_UMASK

os.umask(PRIVATE_UMASK)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sabt.settings")
application = get_wsgi_application()
