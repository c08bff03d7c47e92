"""The first draft of a discussion note, written from the records as numbered paragraphs.

The order follows IC/2010/1: what the previous IDM year did (its theme and workshops), its IDM panel
at the Council (summary, speakers with their positions, conclusions), the other discussions of that
session and the highlights of regional and global dialogues, then the new year: its theme and how it
was chosen, each workshop with its dates and description, and the funding approach. The secretariat
edits the result in the browser before issuing it. The draft is written in the note's original
language (English unless the secretariat drafts it in French or Spanish): the sentences from the
catalogues, the records' own text in that language (English where it is not translated), dates and
figures as that language writes them. Footnotes sit in the text between double square brackets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from consultations.models import CandidateTopic, Consultation, ConsultationMeeting
from directory.dates import date_range, long_date
from directory.translation import translated
from funding import queries as funding_queries
from funding.models import CostLine
from sessions_council.models import Panel, Participation
from workshops.models import DialogueYear, Workshop

from .models import NoteParagraph

ORIGINAL_LANGUAGE = "en"
SECTION = NoteParagraph.HeadingStyle.SECTION
SUBSECTION = NoteParagraph.HeadingStyle.SUBSECTION
# Words a "how the theme was chosen" text may start with that read on after "It was …".
PARTICIPLES = ("selected", "chosen", "adopted", "agreed", "decided")


@dataclass(frozen=True)
class Paragraph:
    text: str
    heading: str = ""
    heading_style: str = SECTION


def footnote(text: str) -> str:
    return f"[[{text}]]"


def note_title(year: DialogueYear, language: str = ORIGINAL_LANGUAGE) -> str:
    with translation.override(language):
        return _("International Dialogue on Migration %(year)s") % {"year": year.year}


def note_subtitle(year: DialogueYear, language: str = ORIGINAL_LANGUAGE) -> str:
    return translated(year, "theme", language)


def note_series(language: str = ORIGINAL_LANGUAGE) -> str:
    with translation.override(language):
        return _("Informal consultations on International Dialogue on Migration")


def note_place(language: str = ORIGINAL_LANGUAGE) -> str:
    with translation.override(language):
        return pgettext("place of issue of a document", "Geneva")


def draft_paragraphs(year: DialogueYear, language: str = ORIGINAL_LANGUAGE) -> list[Paragraph]:
    with translation.override(language):
        previous = DialogueYear.objects.filter(year=year.year - 1).first()
        panels = _council_panels(year.year - 1, previous)
        paragraphs: list[Paragraph] = [_introduction(year, previous, panels)]
        if previous is not None or panels:
            paragraphs += _previous_year(year.year - 1, previous, panels)
        paragraphs += _this_year(year)
        paragraphs += _funding_approach(year)
        return paragraphs


# --- helpers --------------------------------------------------------------------------------


def _lower_first(text: str) -> str:
    """ "The Stockholm Programme" → "the Stockholm Programme"; acronyms ("GFMD …") stay as they are."""
    if len(text) > 1 and text[0].isupper() and (text[1].islower() or text[1] == " "):
        return text[0].lower() + text[1:]
    return text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "”", '"')) else text + "."


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def _series(items: list[str], separator: str = ", ") -> str:
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": separator.join(items[:-1]), "last": items[-1]}


def _count_word(n: int) -> str:
    words = {0: _("None"), 1: _("One"), 2: _("Two"), 3: _("Three"), 4: _("Four"), 5: _("Five")}
    return words.get(n, str(n))


def _ordinal(n: int) -> str:
    words = {1: _("First"), 2: _("Second"), 3: _("Third"), 4: _("Fourth"), 5: _("Fifth")}
    return words.get(n, str(n))


def _how_chosen(year: DialogueYear) -> str:
    """How the theme was chosen, as a sentence: "It was selected by the membership through …"."""
    text = translated(year, "theme_selection").strip()
    if not text:
        return ""
    if text.lower().startswith(PARTICIPLES):
        return _sentence(_("It was %(how)s") % {"how": _lower_first(text).rstrip(".")})
    return _sentence(text)


def _workshops_of(year: DialogueYear | None) -> list[Workshop]:
    """The year's workshops held in that calendar year (a record dated in another year is not one of
    the year's intersessional workshops), cancelled ones left out."""
    if year is None:
        return []
    return list(
        year.workshops.exclude(status=Workshop.Status.CANCELLED)
        .filter(start_date__year=year.year)
        .order_by("start_date", "title")
    )


def _titles_with_dates(workshops: list[Workshop]) -> str:
    return _series(
        [
            _("%(title)s (%(dates)s)")
            % {"title": translated(w, "title"), "dates": date_range(w.start_date, w.end_date)}
            for w in workshops
        ]
    )


# --- The previous year and its Council session ----------------------------------------------


def _council_panels(calendar_year: int, previous: DialogueYear | None) -> list[Panel]:
    """The panels of the previous IDM year at the Council: linked to that year, or, when not linked,
    held at a session of that calendar year."""
    speakers = Participation.objects.select_related("person__organisation", "organisation").order_by("order", "pk")
    linked = Q(year=previous) if previous is not None else Q(pk__in=[])
    return list(
        Panel.objects.filter(linked | Q(year__isnull=True, session__start_date__year=calendar_year))
        .select_related("session")
        .prefetch_related(Prefetch("participations", queryset=speakers))
        .order_by("session__start_date", "session__number", "order", "pk")
    )


def _introduction(year: DialogueYear, previous: DialogueYear | None, panels: list[Panel]) -> Paragraph:
    sessions = list(dict.fromkeys(translated(p.session, "title") for p in panels if p.kind == Panel.Kind.IDM_PANEL))
    if previous is None and not sessions:
        return Paragraph(
            _(
                "This discussion note provides information on the International Dialogue on Migration (IDM) "
                "for %(year)s."
            )
            % {"year": year.year}
        )
    if sessions:
        return Paragraph(
            _(
                "This discussion note provides a summary of the %(previous)s International Dialogue on Migration "
                "(IDM), particularly the IDM at the %(session)s of the IOM Council, and information on the IDM for "
                "%(year)s."
            )
            % {"previous": year.year - 1, "session": _series(sessions), "year": year.year}
        )
    return Paragraph(
        _(
            "This discussion note provides a summary of the %(previous)s International Dialogue on Migration (IDM) "
            "and information on the IDM for %(year)s."
        )
        % {"previous": year.year - 1, "year": year.year}
    )


def _previous_year(calendar_year: int, previous: DialogueYear | None, panels: list[Panel]) -> list[Paragraph]:
    idm_panels = [p for p in panels if p.kind == Panel.Kind.IDM_PANEL]
    others = [p for p in panels if p.kind == Panel.Kind.DEDICATED_DISCUSSION]
    highlights = [p for p in panels if p.kind == Panel.Kind.DIALOGUE_HIGHLIGHTS]
    if idm_panels:
        heading = _("IDM at the %(session)s of the IOM Council: %(title)s") % {
            "session": translated(idm_panels[0].session, "title"),
            "title": translated(idm_panels[0], "title"),
        }
    elif previous is not None:
        heading = _("IDM %(year)s: %(theme)s") % {"year": previous.year, "theme": translated(previous, "theme")}
    else:
        heading = _("IDM %(year)s") % {"year": calendar_year}
    paragraphs = []
    if previous is not None:
        paragraphs.append(Paragraph(_year_in_review(previous), heading=heading))
        heading = ""
    for panel in idm_panels:
        paragraphs += _panel(panel, heading=heading, first_note=True)
        heading = ""
    for panel in others:
        paragraphs += _panel(panel, heading=heading)
        heading = ""
    for panel in highlights:
        paragraphs += _panel(
            panel,
            heading=_("IDM at the %(session)s of the IOM Council: %(title)s")
            % {"session": translated(panel.session, "title"), "title": translated(panel, "title")},
        )
    return paragraphs


def _year_in_review(previous: DialogueYear) -> str:
    text = _("In %(year)s, the IDM was guided by the overarching theme “%(theme)s”.") % {
        "year": previous.year,
        "theme": translated(previous, "theme"),
    }
    how = _how_chosen(previous)
    if how:
        text += " " + how
    workshops = _workshops_of(previous)
    if len(workshops) > 1:
        text += " " + _(
            "%(count)s intersessional workshops were convened in %(year)s based on the membership's preferences: "
            "%(workshops)s."
        ) % {"count": _count_word(len(workshops)), "year": previous.year, "workshops": _titles_with_dates(workshops)}
    elif workshops:
        text += " " + _(
            "One intersessional workshop was convened in %(year)s based on the membership's preferences: %(workshops)s."
        ) % {"year": previous.year, "workshops": _titles_with_dates(workshops)}
    if workshops:
        text += footnote(
            _(
                "For further information on the intersessional workshops, including reports, agendas, background "
                "papers, the list of participants and additional material, please see the workshop pages of the IDM "
                "portal."
            )
        )
    return text


def _speaker(participation: Participation) -> str:
    name = participation.speaker_name
    position = participation.shown_position
    text = _("%(name)s, %(position)s") % {"name": name, "position": position} if position else name
    details = []
    if participation.role == Participation.Role.KEYNOTE:
        details.append(_("keynote speech"))
    elif participation.role == Participation.Role.MODERATOR:
        details.append(_("moderator"))
    if participation.attendance == Participation.Attendance.VIDEO:
        details.append(_("by video"))
    if participation.topic:
        details.append(_("on %(topic)s") % {"topic": _lower_first(participation.topic.strip().rstrip("."))})
    if details:
        text += " (" + ", ".join(details) + ")"
    return text


def _conclusions(lines: Iterable[str]) -> str:
    items = [_lower_first(line.strip().rstrip(".;")) for line in lines if line.strip()]
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "; ".join(f"({letters[i % 26]}) {item}" for i, item in enumerate(items)) + "."


def _panel(panel: Panel, *, heading: str, first_note: bool = False) -> list[Paragraph]:
    texts = list(panel.paragraphs)
    speakers = [_speaker(p) for p in panel.participations.all()]
    if speakers:
        texts.append(
            _("The speakers were %(speakers)s.") % {"speakers": _series(speakers, separator="; ")}
            if panel.kind != Panel.Kind.DEDICATED_DISCUSSION
            else _("The discussion was introduced by %(speakers)s.") % {"speakers": _series(speakers, "; ")}
        )
    if panel.conclusions:
        if panel.kind == Panel.Kind.IDM_PANEL:
            text = _("The main conclusions of the panel were the following: %(conclusions)s")
        else:
            text = _("The main points raised were the following: %(conclusions)s")
        texts.append(text % {"conclusions": _conclusions(panel.conclusions)})
    if not texts:
        return []
    if first_note:
        texts[0] += footnote(
            _(
                "Further information on the IDM at the %(session)s of the IOM Council, including the presentations "
                "made by the panellists, can be found on the session's page of the IDM portal."
            )
            % {"session": translated(panel.session, "title")}
        )
    paragraphs = [Paragraph(texts[0], heading=heading)]
    paragraphs += [Paragraph(text) for text in texts[1:]]
    return paragraphs


# --- The new year ---------------------------------------------------------------------------


def _this_year(year: DialogueYear) -> list[Paragraph]:
    consultation = _consultation_of(year)
    text = _("The overarching theme “%(theme)s” will guide the IDM in %(year)s.") % {
        "theme": translated(year, "theme"),
        "year": year.year,
    }
    how = _how_consulted(consultation) if consultation is not None else _how_chosen(year)
    if how:
        text += " " + how
    theme = translated(year, "theme")
    paragraphs = [Paragraph(text, heading=_("IDM %(year)s: %(theme)s") % {"year": year.year, "theme": theme})]
    paragraphs += [Paragraph(text) for text in _split(translated(year, "description"))]
    workshops = _workshops_of(year)
    if not workshops:
        return paragraphs
    if len(workshops) > 1:
        text = _("%(count)s intersessional workshops have been selected by the membership and are planned for %(year)s")
    else:
        text = _("One intersessional workshop has been selected by the membership and is planned for %(year)s")
    text = text % {"count": _count_word(len(workshops)), "year": year.year}
    if any(w.status in (Workshop.Status.PROPOSED, Workshop.Status.SUBJECT_TO_FUNDING) for w in workshops):
        text += _(", subject to available funding")
    text += ": " + _titles_with_dates(workshops) + "."
    if consultation is not None:
        text += _merged_topics(consultation, workshops)
    paragraphs.append(Paragraph(text))
    for number, workshop in enumerate(workshops, start=1):
        heading = _("%(ordinal)s workshop: %(title)s (%(dates)s)") % {
            "ordinal": _ordinal(number),
            "title": translated(workshop, "title"),
            "dates": date_range(workshop.start_date, workshop.end_date),
        }
        texts = workshop.paragraphs or [_("The agenda of this workshop will be circulated in due course.")]
        if workshop.questions:
            texts.append(
                _("The workshop will address the following questions: %(questions)s")
                % {"questions": " ".join(workshop.questions)}
            )
        paragraphs.append(Paragraph(texts[0], heading=heading, heading_style=SUBSECTION))
        paragraphs += [Paragraph(text) for text in texts[1:]]
    return paragraphs


# --- The funding approach -------------------------------------------------------------------


def _usd(value: Decimal) -> str:
    places = 0 if value == value.to_integral_value() else 2
    return "USD " + number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def _funding_approach(year: DialogueYear) -> list[Paragraph]:
    """How the year's programme is funded, from the funding records: the budget of the whole workshop
    programme, the share of the funded participation of delegates from developing countries, money
    for the programme as a whole and money earmarked for one workshop, and what is covered."""
    workshops = {w.pk for w in _workshops_of(year)}
    dashboard = funding_queries.year_dashboard(year)
    figures = [f for f in dashboard.workshops if f.workshop.pk in workshops]
    budget = sum((f.budget for f in figures), Decimal(0))
    if budget <= 0:
        return []
    participation = sum(
        (line.amount for f in figures for line in f.lines if line.cost_line == CostLine.PARTICIPATION), Decimal(0)
    )
    counted = [c for c in dashboard.contributions if c.counts]
    programme = [c for c in counted if c.workshop_id is None]
    earmarked = [c for c in counted if c.workshop_id in workshops]
    text = _(
        "IOM seeks funding for the intersessional workshops of %(year)s for the entire IDM workshop programme, "
        "budgeted at %(budget)s."
    ) % {"year": year.year, "budget": _usd(budget)}
    if participation:
        text += " " + _(
            "The participation of representatives from developing countries accounts for %(percent)s per cent of "
            "the budget, owing to the IDM's capacity-building approach."
        ) % {"percent": int((participation * 100 / budget).to_integral_value(rounding=ROUND_HALF_UP))}
    paragraphs = [Paragraph(text, heading=_("Funding approach"))]
    text = _(
        "While IOM encourages donors to support the IDM annual programme as a whole, it also understands that "
        "some donors may wish to earmark their contribution for a specific workshop."
    )
    if programme or earmarked:
        covered = sum(1 for f in figures if f.result.is_covered)
        text += " " + _(
            "So far, %(programme)s has been committed for the programme as a whole and %(earmarked)s earmarked for "
            "specific workshops."
        ) % {
            "programme": _usd(sum((c.usd_amount for c in programme), Decimal(0))),
            "earmarked": _usd(sum((c.usd_amount for c in earmarked), Decimal(0))),
        }
        text += " " + ngettext(
            "Of the %(total)s workshops, %(covered)s is fully funded.",
            "Of the %(total)s workshops, %(covered)s are fully funded.",
            covered,
        ) % {"covered": _count_word(covered).lower(), "total": _count_word(len(figures)).lower()}
    paragraphs.append(Paragraph(text))
    return paragraphs


# --- How the membership chose: the theme consultation ---------------------------------------


def _consultation_of(year: DialogueYear) -> Consultation | None:
    """The consultation whose result was adopted as this year, with its meetings and counts."""
    return (
        Consultation.objects.filter(adopted_year=year, status=Consultation.Status.ADOPTED)
        .annotate(ballot_count=Count("ballots", distinct=True), theme_count=Count("themes", distinct=True))
        .prefetch_related(Prefetch("meetings", queryset=ConsultationMeeting.objects.order_by("date", "pk")))
        .first()
    )


def _how_consulted(consultation: Consultation) -> str:
    """How the theme was chosen, from the consultation's records: "The membership selected it from four
    candidate themes through informal consultations held on 20 October 2009 and a follow-up survey to
    which 22 member states responded." """
    means = []
    dates = [long_date(meeting.date) for meeting in consultation.meetings.all()]
    if dates:
        means.append(_("informal consultations held on %(dates)s") % {"dates": _series(dates)})
    if consultation.ballot_count:
        means.append(
            ngettext(
                "a follow-up survey to which %(count)s member state responded",
                "a follow-up survey to which %(count)s member states responded",
                consultation.ballot_count,
            )
            % {"count": consultation.ballot_count}
        )
    if not means:
        return _how_chosen(consultation.adopted_year)
    if consultation.theme_count > 1:
        return _("The membership selected it from %(count)s candidate themes through %(means)s.") % {
            "count": _count_word(consultation.theme_count).lower(),
            "means": _series(means),
        }
    return _("The membership selected it through %(means)s.") % {"means": _series(means)}


def _merged_topics(consultation: Consultation, workshops: list[Workshop]) -> str:
    """The workshops that took in another proposed topic, as the membership asked in the consultations."""
    numbers = {workshop.pk: n for n, workshop in enumerate(workshops, start=1)}
    merged = (
        CandidateTopic.objects.filter(consultation=consultation, merged_into__workshop__in=workshops)
        .select_related("merged_into__workshop")
        .order_by("merged_into__workshop__start_date", "order", "pk")
    )
    text = ""
    for topic in merged:
        workshop = topic.merged_into.workshop
        text += " " + _(
            "As requested by the membership during the informal consultations, the %(ordinal)s workshop, %(title)s, "
            "incorporates elements of another originally proposed workshop, %(topic)s."
        ) % {
            "ordinal": _ordinal(numbers[workshop.pk]).lower(),
            "title": translated(workshop, "title"),
            "topic": translated(topic, "title"),
        }
    return text
