"""Permission-matrix rows for the language switcher and the secretariat's missing translations."""

from ..matrix import Entry, Redirect, everyone, staff_page

MATRIX = {
    # Anyone may choose a language: the answer goes back to the page asked for ("next"), here the home page.
    "set_language": Entry(
        get=everyone(Redirect("/")),
        post=everyone(Redirect("/")),
        post_data=lambda world: {"language": "fr", "next": "/"},
        note="a GET changes nothing and goes home; a POST sets the language cookie",
    ),
    "staff_translations": Entry(get=staff_page()),
}
