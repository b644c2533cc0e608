"""Pure-Python engines of the cases app: no Django, dataclasses in and out.

The Django layer stores what these modules compute; keeping the rules here lets them be
tested without a database and run in batch over exports.
"""
