"""French and Spanish for the demo data of ``demo.py``: the 2009 and 2010 themes, the 2010 workshops
(titles, venue, descriptions, guiding questions), the first workshop's agenda and concept note.

The rest stays in English on purpose (the 2009 workshops, the second workshop's sessions, the
background paper, the demonstration workshop's title), so the secretariat's page of missing
translations, /staff/translations/, has something to show. The texts are the portal's own
translations of IC/2010/1, not IOM's official French and Spanish versions.
"""

# The slugs of demo.py (which imports this module while it loads).
HUMAN_RIGHTS_2009 = "effective-respect-for-the-human-rights-of-migrants"
TRAFFICKING_2009 = "trafficking-in-persons-and-exploitation-of-migrants"
TRANSNATIONALISM_2010 = "migration-and-transnationalism"
SOCIETIES_2010 = "societies-and-identities"
DEMO_SLUG = "demo-registration-walk-through"

THEME_2009_FR = "Droits de l'homme et migration : œuvrer ensemble pour une migration sûre, digne et sécurisée"
THEME_2009_ES = "Derechos humanos y migración: Trabajar juntos para una migración segura, digna y protegida"
THEME_2010_FR = "Migration et changement social"
THEME_2010_ES = "Migración y cambio social"

PARAGRAPH_13_FR = (
    "Si les approches actuelles des migrations tendent à privilégier la dimension économique de la "
    "mobilité humaine – les facteurs économiques de la migration et ses incidences sur les marchés du "
    "travail des pays d'origine, de transit et de destination étant largement documentés –, la nature "
    "intrinsèquement sociale et culturelle de la migration n'en est pas moins importante. En 2010, l'IDM "
    "envisagera la migration avant tout comme un phénomène social qui relie et transforme les personnes "
    "et les lieux. Il s'intéressera aux transformations sociales et culturelles que les déplacements "
    "temporaires, circulaires ou permanents de personnes et de familles induisent dans les sociétés "
    "d'origine comme dans les sociétés de destination, ainsi qu'aux défis que pose l'évolution des notions "
    "d'appartenance et d'identité. La mobilité étant une caractéristique essentielle du monde "
    "d'aujourd'hui, l'IDM 2010 s'efforcera de déterminer les mesures que toutes les parties prenantes "
    "peuvent prendre pour rendre les incidences sociales de la migration aussi positives et bénéfiques "
    "que possible, en particulier dans le contexte de la crise économique mondiale actuelle."
)
PARAGRAPH_13_ES = (
    "Si bien los enfoques actuales de la migración tienden a centrarse en la dimensión económica de la "
    "movilidad humana —y los factores económicos que impulsan la migración y sus repercusiones en los "
    "mercados laborales de los países de origen, tránsito y destino están ampliamente documentados—, la "
    "naturaleza intrínsecamente social y cultural de la migración no es menos importante. En 2010, el IDM "
    "examinará la migración ante todo como un fenómeno social que conecta y transforma a las personas y "
    "los lugares. Se centrará en las transformaciones sociales y culturales que provocan, tanto en las "
    "sociedades de origen como en las de destino, los movimientos temporales, circulares o permanentes de "
    "personas y familias, así como en los desafíos que plantean los cambiantes conceptos de pertenencia e "
    "identidad. Dado que la movilidad es un rasgo esencial del mundo actual, el IDM 2010 tratará de "
    "determinar qué medidas pueden adoptar todas las partes interesadas para que las repercusiones "
    "sociales de la migración sean lo más positivas y beneficiosas posible, particularmente en el "
    "contexto de la actual crisis económica mundial."
)
PARAGRAPH_15_FR = (
    "La migration est, d'une part, un aspect important du changement social et, d'autre part, l'une de "
    "ses principales conséquences. Si la mobilité humaine contribue de manière significative à façonner "
    "le monde tel qu'il est aujourd'hui, les mutations socioéconomiques en cours – et, de fait, des "
    "événements majeurs tels que la crise économique mondiale – ont aussi rendu la migration "
    "contemporaine de plus en plus diverse dans ses caractéristiques et sa composition. Le "
    "transnationalisme – le fait d'appartenir à plus d'une société, ou d'avoir des liens avec plus d'une "
    "société, au cours de sa vie – est un aspect essentiel de ce débat : si la mobilité internationale "
    "fait du transnationalisme un phénomène de plus en plus répandu, ses modalités sont elles-mêmes "
    "façonnées par de nouvelles réalités transnationales. Le transnationalisme permet de conceptualiser "
    "les questions de politique générale découlant des liens sociaux et culturels transfrontières que la "
    "migration crée entre les sociétés, et d'orienter la réflexion et l'action des décideurs vers des "
    "réponses novatrices aux réalités de la mobilité internationale."
)
PARAGRAPH_15_ES = (
    "La migración es, por una parte, un aspecto importante del cambio social y, por otra, una de sus "
    "principales consecuencias. Si bien la movilidad humana contribuye de manera significativa a "
    "configurar el mundo tal como es hoy, los cambios socioeconómicos en curso —e incluso acontecimientos "
    "de gran envergadura como la crisis económica mundial— también han hecho que la migración "
    "contemporánea sea cada vez más variada en cuanto a sus pautas y su composición. El transnacionalismo "
    "—el hecho de que las personas pertenezcan a más de una sociedad, o tengan vínculos con más de una, a "
    "lo largo de su vida— es un aspecto fundamental de este debate: si bien la movilidad internacional "
    "está haciendo del transnacionalismo un fenómeno cada vez más extendido, sus pautas también se ven "
    "determinadas por nuevas realidades transnacionales. El transnacionalismo sirve para conceptualizar "
    "las cuestiones normativas que se derivan de las conexiones sociales y culturales transfronterizas que "
    "la migración establece entre las sociedades, y para orientar la reflexión y la acción de los "
    "responsables de la formulación de políticas hacia respuestas innovadoras ante las realidades de la "
    "movilidad internacional."
)
PARAGRAPH_16_FR = (
    "L'atelier examinera les incidences du transnationalisme sur la participation politique, civique et "
    "sociale des migrants dans les communautés d'origine et de destination. Les questions de politique "
    "générale touchant notamment à la nationalité, au droit de vote, à l'accès aux prestations de sécurité "
    "sociale et à leur transférabilité ainsi qu'aux services bancaires sont devenues une préoccupation "
    "majeure des pays d'origine et de destination."
)
PARAGRAPH_16_ES = (
    "El taller examinará las repercusiones del transnacionalismo en la participación política, cívica y "
    "social de los migrantes en las comunidades de origen y de destino. Las cuestiones normativas "
    "relacionadas, entre otras cosas, con la nacionalidad, el derecho de voto, el acceso a las "
    "prestaciones de seguridad social y su transferibilidad, y los servicios bancarios se han convertido "
    "en una preocupación central de los países de origen y de destino."
)
PARAGRAPH_17_FR = (
    "Les incidences du transnationalisme sur les familles retiennent l'attention des décideurs du monde "
    "entier. Le transnationalisme entraîne des changements et pose des défis pour l'unité familiale, et "
    "peut avoir des effets sur les enfants ainsi que sur les rôles dévolus à chaque sexe et à chaque "
    "génération lorsque des familles migrent ou que certains de leurs membres partent tandis que d'autres "
    "restent. Les politiques relatives à l'unité et au regroupement familiaux, la migration par mariage ou "
    "les « migrants de deuxième et de troisième générations » ne sont que quelques-unes des questions qui "
    "intéressent les gouvernements des pays d'origine et d'accueil. L'atelier mettra en évidence les "
    "nouveaux défis de politique générale que pose l'extension des liens familiaux au-delà des frontières "
    "et aidera les gouvernements à trouver des solutions novatrices pour que le transnationalisme profite "
    "aux migrants et à leur famille."
)
PARAGRAPH_17_ES = (
    "Las repercusiones del transnacionalismo en las familias han captado la atención de los responsables "
    "de la formulación de políticas de todo el mundo. El transnacionalismo supone cambios y desafíos para "
    "la unidad familiar y puede afectar a los niños y a las funciones de género y generacionales cuando "
    "las familias migran o cuando algunos de sus miembros se marchan y otros se quedan. Las políticas de "
    "unidad y reunificación familiar, la migración por matrimonio o los llamados “migrantes de segunda y "
    "tercera generación” son solo algunas de las cuestiones que interesan a los gobiernos de los países de "
    "origen y de acogida. El taller esbozará los nuevos desafíos normativos que se derivan de la extensión "
    "de los lazos familiares más allá de las fronteras y ayudará a los gobiernos a encontrar soluciones "
    "innovadoras para que el transnacionalismo beneficie a los migrantes y sus familias."
)
PARAGRAPH_18_FR = (
    "L'atelier examinera également le rôle des réseaux transnationaux dans l'évolution de la migration et "
    "dans les interactions des migrants avec les sociétés d'origine et d'accueil. L'une des principales "
    "caractéristiques du transnationalisme est l'activité transfrontière des migrants et des organisations "
    "de migrants, qui s'efforcent non seulement de maintenir des liens avec les pays d'origine, mais aussi "
    "de tisser des liens transnationaux entre deux sociétés ou plus, influant ainsi sensiblement sur les "
    "flux migratoires mondiaux. L'atelier examinera donc comment la participation des réseaux de migrants "
    "et les partenariats avec les organisations de migrants et les groupes de la diaspora peuvent appuyer "
    "les efforts que déploient les États pour faire face aux incidences des dynamiques sociales "
    "transnationales et en tirer le meilleur parti."
)
PARAGRAPH_18_ES = (
    "El taller también examinará el papel de las redes transnacionales en la configuración de la migración "
    "y en la interacción de los migrantes con las sociedades de origen y de acogida. Una característica "
    "fundamental del transnacionalismo es la actividad transfronteriza de los migrantes y de las "
    "organizaciones de migrantes, que no solo procuran mantener los vínculos con los países de origen, sino "
    "que también establecen vínculos transnacionales entre dos o más sociedades, con lo que influyen de "
    "manera significativa en las pautas migratorias mundiales. Por consiguiente, el taller examinará de qué "
    "manera la participación de las redes de migrantes y las alianzas con organizaciones de migrantes y "
    "grupos de la diáspora pueden apoyar los esfuerzos de los Estados por hacer frente a las repercusiones "
    "de las dinámicas sociales transnacionales y aprovechar al máximo sus beneficios."
)
PARAGRAPH_19_FR = (
    "La migration est un catalyseur de changement et de développement : elle peut enrichir non seulement "
    "les économies, mais aussi, et peut-être surtout, la culture et les sociétés des pays d'origine comme "
    "des pays de destination. Par exemple, si les rapatriements de fonds sont aujourd'hui largement "
    "reconnus comme un produit de la migration, les transferts sociaux – transmission d'idées, de "
    "comportements, d'identités et de capital social – ont reçu beaucoup moins d'attention. Parallèlement, "
    "la migration transforme les notions d'identité nationale et personnelle, et certaines sociétés "
    "peinent à redéfinir leur identité collective et à préserver la cohésion sociale face à une diversité "
    "croissante. Enfin, les migrants eux-mêmes peuvent apporter des idées nouvelles dans leur pays "
    "d'accueil, tandis que certaines communautés de migrants restent attachées à des modes de vie et à des "
    "traditions qu'elles associent à leur lieu d'origine, même si celui-ci a changé depuis. Les tensions "
    "qui peuvent en résulter doivent être apaisées dans les interactions sociales quotidiennes."
)
PARAGRAPH_19_ES = (
    "La migración es un catalizador del cambio y el desarrollo: puede enriquecer no solo las economías "
    "sino también, y quizás sobre todo, la cultura y las sociedades tanto de los países de origen como de "
    "los de destino. Por ejemplo, si bien las remesas financieras están hoy ampliamente reconocidas como "
    "un producto de la migración, las remesas sociales —en particular la transmisión de ideas, "
    "comportamientos, identidades y capital social— han recibido mucha menos atención. Al mismo tiempo, la "
    "migración transforma las nociones de identidad nacional y personal, y algunas sociedades tienen "
    "dificultades para redefinir su identidad colectiva y mantener la cohesión social ante una diversidad "
    "creciente. Por último, los propios migrantes pueden aportar nuevas ideas a sus países de acogida, "
    "mientras que algunas comunidades de migrantes se aferran a estilos de vida y tradiciones que asocian "
    "con sus lugares de origen, aunque estos hayan cambiado desde entonces. Las tensiones que puedan "
    "surgir deben atenuarse en la interacción social cotidiana."
)
GUIDING_QUESTIONS_2010_2_FR = [
    "Comment renforcer les effets bénéfiques des transferts sociaux, par exemple dans les sociétés qui "
    "sortent d'un conflit ?",
    "Comment les pays réagissent-ils à la transformation sociale des rôles dévolus à chaque sexe induite "
    "par la migration ?",
    "Comment les sociétés gèrent-elles une diversité croissante, notamment le pluralisme religieux, et "
    "qu'est-ce que cela signifie pour les politiques d'intégration ?",
    "Quelles sont les pratiques les plus efficaces pour lutter contre le racisme, la discrimination et la xénophobie ?",
    "Comment atténuer les effets potentiellement négatifs qu'une mobilité croissante et changeante peut "
    "avoir sur la continuité et la stabilité des structures sociales et communautaires ?",
]
GUIDING_QUESTIONS_2010_2_ES = [
    "¿Cómo pueden reforzarse los efectos beneficiosos de las remesas sociales, por ejemplo en las sociedades "
    "que salen de un conflicto?",
    "¿Cómo responden los países a la transformación social de las funciones de género que trae consigo la migración?",
    "¿Cómo gestionan las sociedades una diversidad creciente, como el pluralismo religioso, y qué significa "
    "ello para las políticas de integración?",
    "¿Cuáles son las prácticas más eficaces para combatir el racismo, la discriminación y la xenofobia?",
    "¿Cómo pueden mitigarse los efectos potencialmente negativos que una movilidad creciente y cambiante "
    "puede tener en la continuidad y la estabilidad de las estructuras sociales y comunitarias?",
]

VENUE = {
    "venue_fr": "Centre international de conférences de Genève (CICG), Genève",
    "venue_es": "Centro Internacional de Conferencias de Ginebra (CICG), Ginebra",
}

# By year number: the French and Spanish fields of demo.YEARS.
YEARS = {
    2009: {
        "theme_fr": THEME_2009_FR,
        "theme_es": THEME_2009_ES,
        "theme_selection_fr": "Choisi par les États Membres lors de consultations informelles tenues en 2008.",
        "theme_selection_es": "Elegido por los Estados Miembros en consultas informales celebradas en 2008.",
    },
    2010: {
        "theme_fr": THEME_2010_FR,
        "theme_es": THEME_2010_ES,
        "description_fr": PARAGRAPH_13_FR,
        "description_es": PARAGRAPH_13_ES,
        "theme_selection_fr": (
            "Choisi par les États Membres à l'issue de consultations informelles et d'une enquête de suivi."
        ),
        "theme_selection_es": (
            "Elegido por los Estados Miembros mediante consultas informales y una encuesta de seguimiento."
        ),
    },
}

# By slug: the French and Spanish fields of demo._workshops().
WORKSHOPS = {
    HUMAN_RIGHTS_2009: VENUE,
    TRAFFICKING_2009: VENUE,
    TRANSNATIONALISM_2010: {
        "title_fr": ("Migration et transnationalisme : opportunités et défis"),
        "title_es": "Migración y transnacionalismo: oportunidades y desafíos",
        "description_fr": "\n\n".join([PARAGRAPH_15_FR, PARAGRAPH_16_FR, PARAGRAPH_17_FR, PARAGRAPH_18_FR]),
        "description_es": "\n\n".join([PARAGRAPH_15_ES, PARAGRAPH_16_ES, PARAGRAPH_17_ES, PARAGRAPH_18_ES]),
        **VENUE,
    },
    SOCIETIES_2010: {
        "title_fr": ("Sociétés et identités : les multiples incidences de la migration"),
        "title_es": "Sociedades e identidades: el impacto multifacético de la migración",
        "description_fr": PARAGRAPH_19_FR,
        "description_es": PARAGRAPH_19_ES,
        "guiding_questions_fr": "\n".join(GUIDING_QUESTIONS_2010_2_FR),
        "guiding_questions_es": "\n".join(GUIDING_QUESTIONS_2010_2_ES),
        **VENUE,
    },
    DEMO_SLUG: VENUE,
}

# By English title: agenda items of the first 2010 workshop (and the openings, breaks and lunches).
AGENDA_ITEMS = {
    "Opening and keynote address": ("Ouverture et discours liminaire", "Apertura y discurso principal"),
    "Coffee break": ("Pause café", "Pausa para el café"),
    "Lunch": ("Déjeuner", "Almuerzo"),
    "Session I: Transnationalism and the participation of migrants in communities of origin and destination": (
        (
            "Séance I : Le transnationalisme et la participation des migrants dans les communautés d'origine "
            "et de destination"
        ),
        "Sesión I: El transnacionalismo y la participación de los migrantes en las comunidades de origen y de destino",
    ),
    "Session II: Transnational families – policy challenges and innovative solutions": (
        ("Séance II : Les familles transnationales – défis de politique générale et solutions novatrices"),
        "Sesión II: Las familias transnacionales: desafíos normativos y soluciones innovadoras",
    ),
    "Session III: Migrant networks, diaspora groups and partnerships with migrant organizations": (
        ("Séance III : Réseaux de migrants, groupes de la diaspora et partenariats avec les organisations de migrants"),
        "Sesión III: Redes de migrantes, grupos de la diáspora y alianzas con organizaciones de migrantes",
    ),
    "Wrap-up and closing remarks": ("Synthèse et observations finales", "Recapitulación y observaciones finales"),
}

# By (slug, English title): workshop documents.
DOCUMENTS = {
    (TRANSNATIONALISM_2010, "Concept note"): ("Note conceptuelle", "Nota conceptual"),
    (SOCIETIES_2010, "Concept note"): ("Note conceptuelle", "Nota conceptual"),
}


def agenda_item(title: str) -> dict[str, str]:
    french_title, spanish_title = AGENDA_ITEMS.get(title, ("", ""))
    return {"title_fr": french_title, "title_es": spanish_title}


def document(slug: str, title: str) -> dict[str, str]:
    french_title, spanish_title = DOCUMENTS.get((slug, title), ("", ""))
    return {"title_fr": french_title, "title_es": spanish_title}
