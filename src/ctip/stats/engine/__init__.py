"""Pure computation of the statistics app: disclosure control, privacy, pictures, exports."""
