"""The ASGI application that ``ctip serve`` runs (see ctip.core.asgi for why not Django's)."""

import gc
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctip.config.settings.dev")
django.setup(set_prefix=False)

from ctip.core.asgi import PooledSyncHandler  # noqa: E402 - needs the apps set up
from ctip.core.keys import check_keys  # noqa: E402
from ctip.screening.engine import assess  # noqa: E402

# Whatever server loads this, it stops here with the reason if a key is missing or wrong.
check_keys()
application = PooledSyncHandler(threads=int(os.environ.get("CTIP_ASGI_THREADS", "8")))

# Load now what the first job-offer check would load (the model, the lexicon), then
# take every object loaded so far out of the garbage collector's sight: a full
# collection would otherwise walk them all, a pause of about 75 ms in the middle of
# whichever requests are running (decision 0005).
assess("Việc nhẹ lương cao, bao vé máy bay.")
gc.freeze()
