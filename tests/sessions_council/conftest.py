# The public pages are cached like the workshops' (workshops/cache.py): the same in-memory cache, so
# query counts show the pages' own queries, not the database cache's.
from tests.workshops.conftest import _memory_cache  # noqa: F401
