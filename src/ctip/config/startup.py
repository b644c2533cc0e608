"""What every server process does once Django is set up, before its first request."""

import gc

from ctip.core.keys import check_keys
from ctip.screening.engine import assess


def warm() -> None:
    """Load now what the first job-offer check would load (the model, the lexicon), then
    take every object loaded so far out of the garbage collector's sight: a full
    collection would otherwise walk them all, a pause of about 75 ms in the middle of
    whichever requests are running (decision 0005).

    Whatever server loads CTIP stops here with the reason if a key is missing or wrong."""
    check_keys()
    assess("Việc nhẹ lương cao, bao vé máy bay.")
    gc.freeze()
