"""``{{ person.pk|pk_url:"directory:person_edit" }}``: a record's address in a list (``directory/links.py``)."""

from django import template

from directory.links import pk_url as _pk_url

register = template.Library()


@register.filter
def pk_url(pk: int, name: str) -> str:
    return _pk_url(name, pk)
