"""Pure-Python computation of the outreach app: text encoding, segments, receipts, hours."""
