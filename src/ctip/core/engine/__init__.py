"""The platform core's pure computation (no Django): reading amounts and countries as typed."""
