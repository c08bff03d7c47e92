# Dates as IOM and the United Nations write them in English: 9 March 2010. What is not set here
# comes from Django's own English formats.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i T"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i T"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
