"""``{% people_rows object_list %}``: the rows of the secretariat's people list (``person_list.html``)."""

from django import template
from django.utils.html import format_html_join

from directory.links import pk_url
from directory.translation import content_language, translated

register = template.Library()


@register.simple_tag
def people_rows(people) -> str:
    """Built here rather than by the template engine, which spent most of the page's time on fifty rows:
    the language read once, each organisation and member state named once, the link reversed once."""
    language = content_language()
    names: dict[tuple[str, int], str] = {}

    def name_of(record, kind: str) -> str:
        if record is None:
            return ""
        key = (kind, record.pk)
        if key not in names:
            names[key] = str(record)
        return names[key]

    return format_html_join(
        "\n",
        '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                pk_url("directory:person_edit", person.pk),
                person.full_name,
                translated(person, "position", language),
                name_of(person.organisation, "organisation"),
                name_of(person.member_state, "state"),
            )
            for person in people
        ),
    )
