"""How dates and numbers are shown in Vietnamese: 06/12/2026, 5.000.000."""

DATE_FORMAT = "j \\t\\h\\á\\n\\g n \\n\\ă\\m Y"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATETIME_FORMAT = "H:i, j \\t\\h\\á\\n\\g n \\n\\ă\\m Y"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
