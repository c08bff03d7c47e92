# 9 de marzo de 2010; 1 234 567,89 (Django's Spanish digits: comma, no-break space). What is not set
# here comes from Django's own Spanish formats.
DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i T"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = r"j \d\e F"
YEAR_MONTH_FORMAT = r"F \d\e Y"
SHORT_DATE_FORMAT = "j b Y"  # 9 mar 2010
SHORT_DATETIME_FORMAT = "j b Y, H:i T"
FIRST_DAY_OF_WEEK = 1
