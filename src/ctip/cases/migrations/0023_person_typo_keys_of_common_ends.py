"""Give the persons on file whose family and given names are both common (Trần Hải Dương,
Nguyễn Minh Hoàng) the typing-error keys of their name's ends.

Such names made no ``tdel:`` key before; now they do, so a note that drops the middle name
("tran duong") finds them. The work is that of ``0022_person_typo_keys``: every person's
``tdel:`` keys computed again, in batches, a key already held left as it is.
"""

import importlib

from django.db import migrations

add_typo_keys = importlib.import_module("ctip.cases.migrations.0022_person_typo_keys").add_typo_keys


class Migration(migrations.Migration):
    dependencies = [("cases", "0022_person_typo_keys")]

    # Going back leaves the keys: an engine without them never looks them up.
    operations = [migrations.RunPython(add_typo_keys, migrations.RunPython.noop, elidable=False)]
