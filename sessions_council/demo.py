"""Demo data: the Ninety-eighth Session of the IOM Council as IC/2010/1 tells it (paragraphs 3–11).

Names, positions, titles and summaries are the discussion note's own words. The people come from
``directory/demo.py`` (looked up by given and family name). The session's dates are its real ones
(Geneva, 23–26 November 2009). The note dates only the keynote (the afternoon of the first day), so
only the IDM panel has a date; the other two show "during the session". ``load()`` is idempotent.
"""

import datetime

from directory.models import Organisation, Person
from workshops.models import DialogueYear

from .models import CouncilSession, Panel, Participation

THEME_2009 = "Human rights and migration: Working together for safe, dignified and secure migration"

# French and Spanish of the session and of the panels' titles and themes (by English title); the
# summaries and conclusions stay in English, to be translated (/staff/translations/ lists them).
SESSION_TRANSLATIONS = {
    "title_fr": "Quatre-vingt-dix-huitième session",
    "title_es": "Nonagésima octava Reunión",
    "place_fr": "Genève",
    "place_es": "Ginebra",
}
PANEL_TRANSLATIONS = {
    THEME_2009: {
        "title_fr": "Droits de l'homme et migration : œuvrer ensemble pour une migration sûre, digne et sécurisée",
        "title_es": "Derechos humanos y migración: Trabajar juntos para una migración segura, digna y protegida",
        "theme_fr": "Droits de l'homme et migration : œuvrer ensemble pour une migration sûre, digne et sécurisée",
        "theme_es": "Derechos humanos y migración: Trabajar juntos para una migración segura, digna y protegida",
    },
    "Irregular migration and mixed flows": {
        "title_fr": "Migration irrégulière et flux mixtes",
        "title_es": "Migración irregular y flujos mixtos",
        "theme_fr": "L'approche de l'OIM en matière de migration irrégulière et de flux mixtes",
        "theme_es": "El enfoque de la OIM con respecto a la migración irregular y los flujos mixtos",
    },
    "International Dialogue on Migration – Highlights of global and regional migration dialogues": {
        "title_fr": (
            "Dialogue international sur la migration – Faits marquants des dialogues mondiaux et régionaux sur la "
            "migration"
        ),
        "title_es": (
            "Diálogo Internacional sobre la Migración – Aspectos destacados de los diálogos mundiales y regionales "
            "sobre la migración"
        ),
        "theme_fr": "Faits marquants des dialogues mondiaux et régionaux sur la migration",
        "theme_es": "Aspectos destacados de los diálogos mundiales y regionales sobre la migración",
    },
}

P3 = (
    "The IDM panel on human rights and migration at the Ninety-eighth Session of the IOM Council presented an "
    "opportunity to gather and consolidate the principal lessons learned and effective approaches that had emerged "
    "during the discussions among policymakers and other stakeholders throughout the year. One important conclusion "
    "was that human rights are a fundamental element of migration governance. Kyung-wha Kang, Deputy High "
    "Commissioner for Human Rights, reaffirmed the commitment of the Office of the High Commissioner of Human Rights "
    "to assist States in anchoring the management of migration more firmly in a human rights approach. Governments "
    "need to develop robust legal frameworks that incorporate international human rights standards and consider the "
    "situation of migrants explicitly. It is the implementation of such standards that requires particular attention "
    "– creating relevant institutions, raising awareness and building capacity are among the most important steps to "
    "ensure all relevant actors have the knowledge and tools to apply human rights principles in their daily "
    "interaction with migrants. For instance, Fatima Mohammed Al-Balooshi, Minister of Social Development of "
    "Bahrain, spoke of her Government's effort to ratify international human rights conventions in view of the large "
    "population of migrant workers in the country, to incorporate these provisions into Bahraini law and to implement "
    "them through public campaigns, monitoring and enforcement. In this context, the importance of applying the "
    "principle of non-discrimination to migrants was stressed repeatedly. Jean-Louis de Brouwer of the "
    "Directorate-General for Justice, Freedom and Security of the European Commission highlighted combating "
    "discrimination, racism and xenophobia and tackling irregular migration and trafficking in persons as priority "
    "areas of action in future migration management policies in the European Union."
)
P4 = (
    "Another set of conclusions pertains to the situation of the most vulnerable migrant groups, in particular "
    "migrants subject to exploitation. While regular migrants are not immune to human rights abuses, irregular "
    "migrants and trafficked persons tend to be most at risk. The “four-P approach” – prevention, protection, "
    "prosecution and partnership – has served numerous governments as a basis for their policies and programmes on "
    "the issue. Drazen Maravic from the Ministry of Interior of Serbia gave an overview of a large-scale awareness "
    "campaign conducted by means of a television series entitled “Modern Slavery” aimed at preventing human "
    "trafficking. Elly Anita, Trafficking in Persons Report hero of the year for 2009, recounted her own experience "
    "as a victim of trafficking and exploitation in the Middle East."
)
P5 = (
    "The latter speaker also mentioned the need to empower migrants so that they can assert their rights. This point "
    "was reinforced by the President of Liberia, H.E. Ellen Johnson Sirleaf, who delivered a keynote speech on the "
    "topic of migration, human rights and the economic crisis by video in the afternoon of the first day of the "
    "Council. She stressed that, instead of labelling migrants as a problem at worst, or a factor of production at "
    "best, migrants are first and foremost human beings with rights, needs and agency. In this context, several "
    "speakers and delegates also raised the issue of terminology and advocated for an abandonment of the use of the "
    "term “illegal migrant”."
)
P6 = (
    "Throughout the IDM year, policymakers from around the world recognized that a segmented approach to protecting "
    "the human rights of migrants is unlikely to succeed. Instead of looking at different abusive situations or "
    "specific migrant groups in isolation, a coherent approach that ensures respect for the human rights of all "
    "migrants – regardless of their status or specific situation – at all stages of the migration cycle is needed as "
    "a solid basis for protection. Additional measures targeting particularly vulnerable groups, such as trafficked "
    "persons, work best if they can build on such a foundation."
)
P7 = (
    "A proactive, comprehensive strategy that considers the migration life cycle in its entirety also forms the basis "
    "of IOM’s approach to irregular migration and mixed flows. This was the subject of a dedicated discussion at the "
    "Council in which the IOM Administration laid out its thinking and activities in the area of mixed flows, "
    "following from a panel discussion on this subject at the Ninety-sixth Session of the IOM Council in 2008. During "
    "the discussion, delegates highlighted the timeliness and importance of the topic and thanked IOM for its "
    "important work in responding rapidly to the challenges of irregular migration and mixed flows, helping States to "
    "develop coherent policies and promoting capacity-building. In particular, delegates underlined IOM’s important "
    "contribution in providing technical assistance and strengthening cooperation, above all at the regional level."
)
P8 = (
    "Lastly, many speakers and delegates at the IDM panel brought to the fore some of the most critical social and "
    "economic challenges to the protection of the human rights of migrants, including the issues of detention and "
    "criminalization, racism and xenophobia and the impacts of the global economic crisis on migrants. Many of these "
    "issues will be taken up during the IDM in 2010, in the context of its consideration of migration and social "
    "change."
)
P9 = (
    "In accordance with the IOM Constitution and the IOM Strategy (activity 7), the IDM aims to promote, facilitate "
    "and support regional and global debate and dialogue on migration. The IOM Council traditionally serves as an "
    "opportunity to highlight selected significant developments in the area of dialogue and cooperation on migration "
    "issues. First, regional cooperation often appeals to States as a large proportion of migration occurs "
    "intraregionally and countries tend to have similar migration experiences, face common challenges and sometimes "
    "share economic, cultural or political ties. The proliferation of regional consultative processes (RCPs) on "
    "migration and the growing importance of migration issues on the agendas of different regional integration "
    "bodies are a testimony to this. Malusi Knowledge Nkanyezi Gigaba, Deputy Minister of Home Affairs of South "
    "Africa, updated the membership on recent developments in the Migration Dialogue for Southern Africa. Minna "
    "Ljunggren, State Secretary on Migration and Asylum Policy of the Ministry of Justice of Sweden, in view of "
    "Sweden's capacity as holder of the European Union presidency, gave details on the Stockholm Programme, which "
    "would replace the Hague Programme, and reported on the three high-level conferences held by the Swedish European "
    "Union Presidency in October 2009. Regional initiatives have also proved to be an important stepping stone "
    "towards global cooperation. This point was stressed by Sihasak Phuangketkeow, Permanent Representative of the "
    "Government of Thailand, who summarized the outcomes of the Global Meeting of Chairs and Secretariats of Regional "
    "Consultative Processes on Migration, held in June 2009. RCPs could benefit from learning from each other and "
    "share their experiences at other multilateral forums."
)
P10 = (
    "Second, in terms of migration dialogue at the global level, the Global Forum on Migration and Development (GFMD) "
    "is now entering its fourth year and a phase of consolidation. Presentations were delivered by George J. "
    "Kaklikis, Permanent Representative of Greece (Chair of the GFMD in 2009), and Alejandro Poiré, Under-Secretary "
    "for Population, Migration and Religious Affairs, Ministry of the Interior of Mexico (Chair of the GFMD in 2010)."
)
P11 = (
    "Third, at the inter-agency level, the Global Migration Group (GMG) used the IOM Council as an opportunity to "
    "provide governments with an update on the Group's goals and activities. The Executive Director of the United "
    "Nations Institute for Training and Research, Carlos Lopes, speaking on behalf of the GMG in his capacity as its "
    "Chair, highlighted the Group's contribution to the GFMD in Athens in 2009 and the significant progress the GMG "
    "has made in the past year to increase its internal coherence. In the ensuing discussion, delegates stressed the "
    "need for continued communication between the GMG and governments and expressed their support of stronger GMG "
    "involvement in the GFMD."
)

R = Participation.Role
VIDEO = Participation.Attendance.VIDEO

# (kind, title, theme, date, summary paragraphs, key conclusions, speakers)
# A speaker: (given name, family name, role, topic, attendance, note) or, for an organisation,
# ("organisation", name, role, topic, label).
PANELS = [
    (
        Panel.Kind.IDM_PANEL,
        THEME_2009,
        THEME_2009,
        datetime.date(2009, 11, 23),
        [P3, P4, P5, P6, P8],
        [
            "Human rights are a fundamental element of migration governance.",
            "Governments need to develop robust legal frameworks that incorporate international human rights "
            "standards and consider the situation of migrants explicitly.",
            "It is the implementation of such standards that requires particular attention – creating relevant "
            "institutions, raising awareness and building capacity are among the most important steps to ensure all "
            "relevant actors have the knowledge and tools to apply human rights principles in their daily interaction "
            "with migrants.",
            "The importance of applying the principle of non-discrimination to migrants was stressed repeatedly.",
            "Irregular migrants and trafficked persons tend to be most at risk; the “four-P approach” – prevention, "
            "protection, prosecution and partnership – has served numerous governments as a basis for their policies "
            "and programmes on the issue.",
            "Migrants need to be empowered so that they can assert their rights; migrants are first and foremost "
            "human beings with rights, needs and agency.",
            "Several speakers and delegates advocated for an abandonment of the use of the term “illegal migrant”.",
            "A coherent approach that ensures respect for the human rights of all migrants – regardless of their "
            "status or specific situation – at all stages of the migration cycle is needed as a solid basis for "
            "protection; additional measures targeting particularly vulnerable groups, such as trafficked persons, "
            "work best if they can build on such a foundation.",
            "Detention and criminalization, racism and xenophobia and the impacts of the global economic crisis on "
            "migrants are among the most critical challenges to the protection of the human rights of migrants; many "
            "of these issues will be taken up during the IDM in 2010.",
        ],
        [
            (
                "Kyung-wha",
                "Kang",
                R.PANELLIST,
                "Anchoring the management of migration more firmly in a human rights approach",
                None,
                "",
            ),
            (
                "Fatima Mohammed",
                "Al-Balooshi",
                R.PANELLIST,
                "Her Government's effort to ratify international human rights conventions in view of the large "
                "population of migrant workers in the country",
                None,
                "",
            ),
            (
                "Jean-Louis",
                "de Brouwer",
                R.PANELLIST,
                "Combating discrimination, racism and xenophobia and tackling irregular migration and trafficking in "
                "persons as priority areas of action in future migration management policies in the European Union",
                None,
                "",
            ),
            (
                "Drazen",
                "Maravic",
                R.PANELLIST,
                "A large-scale awareness campaign conducted by means of a television series entitled “Modern Slavery” "
                "aimed at preventing human trafficking",
                None,
                "",
            ),
            (
                "Elly",
                "Anita",
                R.PANELLIST,
                "Her own experience as a victim of trafficking and exploitation in the Middle East",
                None,
                "",
            ),
            (
                "Ellen",
                "Johnson Sirleaf",
                R.KEYNOTE,
                "Migration, human rights and the economic crisis",
                VIDEO,
                "in the afternoon of the first day of the Council",
            ),
        ],
    ),
    (
        Panel.Kind.DEDICATED_DISCUSSION,
        "Irregular migration and mixed flows",
        "IOM’s approach to irregular migration and mixed flows",
        None,
        [P7],
        [
            "A proactive, comprehensive strategy that considers the migration life cycle in its entirety forms the "
            "basis of IOM’s approach to irregular migration and mixed flows.",
            "Delegates highlighted the timeliness and importance of the topic and thanked IOM for its important work "
            "in responding rapidly to the challenges of irregular migration and mixed flows, helping States to "
            "develop coherent policies and promoting capacity-building.",
            "Delegates underlined IOM’s important contribution in providing technical assistance and strengthening "
            "cooperation, above all at the regional level.",
        ],
        [
            (
                "organisation",
                "International Organization for Migration",
                R.PRESENTER,
                "Its thinking and activities in the area of mixed flows",
                "the IOM Administration",
            ),
        ],
    ),
    (
        Panel.Kind.DIALOGUE_HIGHLIGHTS,
        "International Dialogue on Migration – Highlights of global and regional migration dialogues",
        "Highlights of global and regional migration dialogues",
        None,
        [P9, P10, P11],
        [
            "Regional cooperation often appeals to States as a large proportion of migration occurs intraregionally "
            "and countries tend to have similar migration experiences, face common challenges and sometimes share "
            "economic, cultural or political ties.",
            "Regional initiatives have also proved to be an important stepping stone towards global cooperation.",
            "RCPs could benefit from learning from each other and share their experiences at other multilateral "
            "forums.",
            "The Global Forum on Migration and Development (GFMD) is now entering its fourth year and a phase of "
            "consolidation.",
            "Delegates stressed the need for continued communication between the GMG and governments and expressed "
            "their support of stronger GMG involvement in the GFMD.",
        ],
        [
            (
                "Malusi Knowledge Nkanyezi",
                "Gigaba",
                R.PRESENTER,
                "Recent developments in the Migration Dialogue for Southern Africa (MIDSA)",
                None,
                "",
            ),
            (
                "Minna",
                "Ljunggren",
                R.PRESENTER,
                "The Stockholm Programme, which would replace the Hague Programme, and the three high-level "
                "conferences held by the Swedish European Union Presidency in October 2009",
                None,
                "",
            ),
            (
                "Sihasak",
                "Phuangketkeow",
                R.PRESENTER,
                "The outcomes of the Global Meeting of Chairs and Secretariats of Regional Consultative Processes on "
                "Migration, held in June 2009",
                None,
                "",
            ),
            (
                "George J.",
                "Kaklikis",
                R.PRESENTER,
                "The Global Forum on Migration and Development (GFMD), as its Chair in 2009",
                None,
                "",
            ),
            (
                "Alejandro",
                "Poiré",
                R.PRESENTER,
                "The Global Forum on Migration and Development (GFMD), as its Chair in 2010",
                None,
                "",
            ),
            (
                "Carlos",
                "Lopes",
                R.PRESENTER,
                "An update on the Global Migration Group's goals and activities: the Group's contribution to the GFMD "
                "in Athens in 2009 and the significant progress the GMG has made in the past year to increase its "
                "internal coherence",
                None,
                "speaking on behalf of the GMG in his capacity as its Chair",
            ),
        ],
    ),
]


def load() -> dict[str, int]:
    year, _created = DialogueYear.objects.get_or_create(year=2009, defaults={"theme": THEME_2009})
    session, _created = CouncilSession.objects.update_or_create(
        number=98,
        defaults={
            "title": "Ninety-eighth Session",
            "start_date": datetime.date(2009, 11, 23),
            "end_date": datetime.date(2009, 11, 26),
            "place": "Geneva",
            **SESSION_TRANSLATIONS,
        },
    )
    speakers = 0
    for order, (kind, title, theme, date, paragraphs, conclusions, participants) in enumerate(PANELS):
        panel, _created = Panel.objects.update_or_create(
            session=session,
            kind=kind,
            title=title,
            defaults={
                "theme": theme,
                "year": year,
                "date": date,
                "order": order,
                "summary": "\n\n".join(paragraphs),
                "key_conclusions": "\n".join(conclusions),
                **PANEL_TRANSLATIONS.get(title, {}),
            },
        )
        for speaking_order, participant in enumerate(participants):
            if participant[0] == "organisation":
                _marker, name, role, topic, label = participant
                Participation.objects.update_or_create(
                    panel=panel,
                    organisation=Organisation.objects.get(name=name, member_state=None),
                    person=None,
                    defaults={"role": role, "topic": topic, "label": label, "order": speaking_order},
                )
            else:
                given, family, role, topic, attendance, note = participant
                Participation.objects.update_or_create(
                    panel=panel,
                    person=Person.objects.get(given_name=given, family_name=family),
                    defaults={
                        "role": role,
                        "topic": topic,
                        "attendance": attendance or Participation.Attendance.IN_PERSON,
                        "note": note,
                        "order": speaking_order,
                    },
                )
            speakers += 1
    return {"Council sessions": 1, "Council panels": len(PANELS), "Council speakers": speakers}
