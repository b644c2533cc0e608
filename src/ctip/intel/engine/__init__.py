"""Pure engines for scam and recruiter intelligence: normalisation, linking, batch, exchange.

No Django here: these run in tests without a database, in batch jobs, and in the web app.
"""

from .base import Indicator, InvalidIndicator
from .indicators import KINDS, LINKING_KINDS, normalise

__all__ = ["KINDS", "LINKING_KINDS", "Indicator", "InvalidIndicator", "normalise"]
