# 9 mars 2010; 1 234 567,89 (Django's French digits: comma, no-break space). What is not set here
# comes from Django's own French formats.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i T"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "j N Y"  # 9 mars 2010, 9 janv. 2010
SHORT_DATETIME_FORMAT = "j N Y, H:i T"
FIRST_DAY_OF_WEEK = 1
