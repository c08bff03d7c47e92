"""A list's links reversed once: the same addresses as ``reverse``, under any script prefix."""

from django.urls import clear_script_prefix, reverse, set_script_prefix

from directory.links import fixed_url, pk_url


def test_pk_url_is_reverses_address_for_every_id():
    assert [pk_url("directory:person_edit", pk) for pk in (1, 42, 2147483646)] == [
        reverse("directory:person_edit", kwargs={"pk": pk}) for pk in (1, 42, 2147483646)
    ]
    assert pk_url("directory:person_edit", 7) == "/staff/directory/people/7/"


def test_links_follow_the_script_prefix():
    set_script_prefix("/portal/")
    try:
        assert (pk_url("directory:person_edit", 7), fixed_url("directory:person_list")) == (
            "/portal/staff/directory/people/7/",
            "/portal/staff/directory/people/",
        )
    finally:
        clear_script_prefix()
    assert fixed_url("directory:person_list") == "/staff/directory/people/"
