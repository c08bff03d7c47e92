"""``{% people_rows object_list %}``: the rows of the secretariat's people list (``person_list.html``)."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from directory.links import pk_url
from directory.translation import content_language, translated

register = template.Library()


@register.simple_tag
def people_rows(people) -> str:
    """Built here rather than by the template engine, which spent most of the page's time on fifty rows:
    the language read once, each organisation and member state named once, the link reversed once, the
    cells escaped without ``format_html``'s machinery for each."""
    language = content_language()
    names: dict[tuple[str, int], str] = {}

    def name_of(record, kind: str) -> str:
        if record is None:
            return ""
        key = (kind, record.pk)
        if key not in names:
            names[key] = str(record)
        return names[key]

    return mark_safe(  # noqa: S308 - every value escaped as format_html escapes it (html.escape)
        "\n".join(
            '<tr><td><a href="%s">%s</a></td><td>%s</td><td>%s</td><td>%s</td></tr>'
            % (
                escape(pk_url("directory:person_edit", person.pk)),
                escape(person.full_name),
                escape(translated(person, "position", language)),
                escape(name_of(person.organisation, "organisation")),
                escape(name_of(person.member_state, "state")),
            )
            for person in people
        )
    )
