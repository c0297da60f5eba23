#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familieplan.settings")
    # Commands run by a developer default to development mode; a server sets
    # DJANGO_DEBUG=false (see .env.example and `make serve-prod`). wsgi.py has no such default.
    os.environ.setdefault("DJANGO_DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
