"""Victim protection: persons, intake, screening, identification, support and follow-up."""
