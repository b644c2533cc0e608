"""Pages of the hotline, one module per screen: thin views over ``actions`` and
``selectors``."""
