"""Scam and recruiter intelligence: reports, indicators, linked networks, freeze requests."""
