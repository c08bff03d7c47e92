"""The one form-field partial (templates/includes/form_field.html) every form of the portal renders with."""

import re

from django import forms
from django.template.loader import render_to_string


class ExampleForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=[("approve", "Approve"), ("refuse", "Refuse")], widget=forms.RadioSelect
    )
    consent = forms.BooleanField(label="I agree", required=False, help_text="Shown on the list.")
    reason = forms.CharField(label="Reason", max_length=20)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def field_html(name: str, data: dict | None = None) -> str:
    """The field's HTML with the white space between tags dropped and runs of it made one space."""
    form = ExampleForm(data)
    if data is not None:
        form.is_valid()
    html = render_to_string("includes/form_field.html", {"field": form[name]})
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def test_a_radio_group_is_a_fieldset_named_by_its_legend():
    html = field_html("decision", {"reason": "x"})

    assert html == (
        '<fieldset class="field"><legend>Decision:</legend><div id="id_decision">'
        '<div><label for="id_decision_0"><input type="radio" name="decision" value="approve" required '
        'aria-invalid="true" id="id_decision_0"> Approve</label></div>'
        '<div><label for="id_decision_1"><input type="radio" name="decision" value="refuse" required '
        'aria-invalid="true" id="id_decision_1"> Refuse</label></div></div>'
        '<ul class="errorlist" role="alert"><li>This field is required.</li></ul></fieldset>'
    )


def test_a_checkbox_comes_before_its_label_and_a_text_field_after():
    assert field_html("consent") == (
        '<div class="field"><input type="checkbox" name="consent" aria-describedby="id_consent_helptext" '
        'id="id_consent"><label for="id_consent" class="inline-label">I agree</label>'
        '<span class="helptext" id="id_consent_helptext">Shown on the list.</span></div>'
    )
    assert field_html("reason") == (
        '<div class="field"><label for="id_reason">Reason:</label>'
        '<input type="text" name="reason" maxlength="20" required id="id_reason"></div>'
    )


def test_a_hidden_field_renders_alone():
    assert field_html("token") == '<input type="hidden" name="token" id="id_token">'
