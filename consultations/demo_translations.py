"""French and Spanish for the theme consultations' demo data (``demo.py``): titles, introductions,
the informal consultations' notes, candidate themes and workshop topics, keyed by their English text.

The portal's own translations, not IOM's official French and Spanish versions.
"""

from directory.translation import companion

# English text: (French, Spanish)
TEXTS = {
    # IDM 2010
    "Overarching theme and workshops of the IDM in 2010": (
        "Thème général et ateliers de l'IDM en 2010",
        "Tema general y talleres del IDM en 2010",
    ),
    "Informal consultations with the membership on the overarching theme and the intersessional workshops of "
    "the International Dialogue on Migration in 2010, and the follow-up survey of the member states.": (
        "Consultations informelles avec les Membres sur le thème général et les ateliers intersessions du "
        "Dialogue international sur la migration en 2010, et enquête de suivi auprès des États Membres.",
        "Consultas informales con los Miembros sobre el tema general y los talleres entre reuniones del "
        "Diálogo Internacional sobre la Migración en 2010, y encuesta de seguimiento entre los Estados Miembros.",
    ),
    "Informal consultations on the International Dialogue on Migration": (
        "Consultations informelles sur le Dialogue international sur la migration",
        "Consultas informales sobre el Diálogo Internacional sobre la Migración",
    ),
    "The secretariat presented the candidate overarching themes and intersessional workshops for the IDM in "
    "2010, proposed by the secretariat and by member states.\n\n"
    "The membership requested that the workshop on migration and transnationalism incorporate elements of "
    "another originally proposed workshop, on migration and the family: that workshop is therefore not put "
    "to the survey as a topic of its own.\n\n"
    "A follow-up survey of the member states will ask each to rank the candidate themes and to choose two "
    "workshop topics.": (
        "Le secrétariat a présenté les thèmes généraux et les ateliers intersessions proposés pour l'IDM en "
        "2010 par le secrétariat et par des États Membres.\n\n"
        "Les Membres ont demandé que l'atelier sur la migration et le transnationalisme intègre des éléments "
        "d'un autre atelier proposé à l'origine, sur la migration et la famille : cet atelier n'est donc pas "
        "soumis à l'enquête comme sujet distinct.\n\n"
        "Une enquête de suivi demandera à chaque État Membre de classer les thèmes proposés et de choisir "
        "deux sujets d'atelier.",
        "La secretaría presentó los temas generales y los talleres entre reuniones propuestos para el IDM en "
        "2010 por la secretaría y por Estados Miembros.\n\n"
        "Los Miembros pidieron que el taller sobre la migración y el transnacionalismo incorporara elementos "
        "de otro taller propuesto originalmente, sobre la migración y la familia: por ello ese taller no se "
        "somete a la encuesta como tema propio.\n\n"
        "Una encuesta de seguimiento pedirá a cada Estado Miembro que ordene los temas propuestos y elija "
        "dos temas de taller.",
    ),
    "Migration and social change": ("Migration et changement social", "Migración y cambio social"),
    "Migration considered primarily as a social phenomenon connecting and transforming people and places: the "
    "social and cultural transformations in societies of origin and destination, and the changing notions of "
    "belonging and identity.": (
        "La migration envisagée avant tout comme un phénomène social qui relie et transforme les personnes et "
        "les lieux : les transformations sociales et culturelles des sociétés d'origine et de destination, et "
        "l'évolution des notions d'appartenance et d'identité.",
        "La migración considerada ante todo como un fenómeno social que conecta y transforma a las personas y "
        "los lugares: las transformaciones sociales y culturales en las sociedades de origen y de destino, y "
        "la evolución de las nociones de pertenencia e identidad.",
    ),
    "Migration and the global economic crisis: impacts and policy responses": (
        "La migration et la crise économique mondiale : incidences et réponses politiques",
        "La migración y la crisis económica mundial: repercusiones y respuestas normativas",
    ),
    "How the economic crisis affects migrants, labour markets and remittances, and which policies protect "
    "migrants and keep labour mobility beneficial in a downturn.": (
        "Les effets de la crise économique sur les migrants, les marchés du travail et les rapatriements de "
        "fonds, et les politiques qui protègent les migrants et préservent les bienfaits de la mobilité de "
        "main-d'œuvre en période de récession.",
        "Cómo afecta la crisis económica a los migrantes, los mercados laborales y las remesas, y qué "
        "políticas protegen a los migrantes y mantienen los beneficios de la movilidad laboral en una recesión.",
    ),
    "Migration, the environment and climate change": (
        "Migration, environnement et changement climatique",
        "Migración, medio ambiente y cambio climático",
    ),
    "Environmental degradation and climate change as drivers of human mobility, and the policy responses of "
    "countries of origin and destination.": (
        "La dégradation de l'environnement et le changement climatique comme moteurs de la mobilité humaine, "
        "et les réponses politiques des pays d'origine et de destination.",
        "La degradación ambiental y el cambio climático como factores de la movilidad humana, y las "
        "respuestas normativas de los países de origen y de destino.",
    ),
    "Health and migration: protecting the health of migrants": (
        "Santé et migration : protéger la santé des migrants",
        "Salud y migración: proteger la salud de los migrantes",
    ),
    "Access to health care for migrants, public health along migration routes, and the health of communities "
    "left behind.": (
        "L'accès des migrants aux soins de santé, la santé publique le long des routes migratoires et la santé "
        "des communautés restées au pays.",
        "El acceso de los migrantes a la atención de salud, la salud pública a lo largo de las rutas "
        "migratorias y la salud de las comunidades que se quedan atrás.",
    ),
    "Migration and Transnationalism: Opportunities and Challenges": (
        "Migration et transnationalisme : opportunités et défis",
        "Migración y transnacionalismo: Oportunidades y desafíos",
    ),
    "The migrant as the agent and subject of transnationalism, and the policy interventions of States in this "
    "regard: participation in communities of origin and destination, families across borders, transnational "
    "networks.": (
        "Le migrant, acteur et sujet du transnationalisme, et les interventions des États à cet égard : "
        "participation aux communautés d'origine et de destination, familles transfrontalières, réseaux "
        "transnationaux.",
        "El migrante como agente y sujeto del transnacionalismo, y las intervenciones de los Estados al "
        "respecto: participación en las comunidades de origen y de destino, familias transfronterizas, redes "
        "transnacionales.",
    ),
    "Migration and the Family: Ties across Borders": (
        "Migration et famille : des liens par-delà les frontières",
        "Migración y familia: Vínculos a través de las fronteras",
    ),
    "The originally proposed workshop on family unity and reunification, and on children, gender and "
    "generational roles when some family members move and others stay behind.": (
        "L'atelier proposé à l'origine sur l'unité et le regroupement familiaux, et sur les enfants, le genre "
        "et les rôles des générations lorsque certains membres de la famille partent et d'autres restent.",
        "El taller propuesto originalmente sobre la unidad y la reunificación familiares, y sobre los niños, "
        "el género y los roles generacionales cuando algunos miembros de la familia se van y otros se quedan.",
    ),
    "Societies and Identities: the Multifaceted Impact of Migration": (
        "Sociétés et identités : les incidences multiples de la migration",
        "Sociedades e identidades: Las múltiples repercusiones de la migración",
    ),
    "The perspective of the societies of origin and destination: social remittances, diversity, xenophobia and "
    "integration.": (
        "Le point de vue des sociétés d'origine et de destination : rapatriements sociaux, diversité, "
        "xénophobie et intégration.",
        "La perspectiva de las sociedades de origen y de destino: remesas sociales, diversidad, xenofobia e "
        "integración.",
    ),
    "Labour Mobility in Times of Economic Crisis": (
        "La mobilité de main-d'œuvre en temps de crise économique",
        "La movilidad laboral en tiempos de crisis económica",
    ),
    "Protecting migrant workers and keeping labour mobility orderly while the global economy contracts.": (
        "Protéger les travailleurs migrants et maintenir une mobilité de main-d'œuvre ordonnée pendant la "
        "contraction de l'économie mondiale.",
        "Proteger a los trabajadores migrantes y mantener una movilidad laboral ordenada mientras se contrae la "
        "economía mundial.",
    ),
    # IDM 2011 (demonstration)
    "Overarching theme and workshops of the IDM in 2011 (demonstration)": (
        "Thème général et ateliers de l'IDM en 2011 (démonstration)",
        "Tema general y talleres del IDM en 2011 (demostración)",
    ),
    "A demonstration of the survey: its dates move with today's date each time the demo data is loaded, so "
    "that a focal point can cast the ballot of a member state in the browser.": (
        "Une démonstration de l'enquête : ses dates suivent la date du jour à chaque chargement des données "
        "de démonstration, afin qu'un point focal puisse voter au nom d'un État Membre dans le navigateur.",
        "Una demostración de la encuesta: sus fechas siguen la fecha del día cada vez que se cargan los datos "
        "de demostración, para que un punto focal pueda emitir la papeleta de un Estado Miembro en el navegador.",
    ),
    "Informal consultations on the International Dialogue on Migration (demonstration)": (
        "Consultations informelles sur le Dialogue international sur la migration (démonstration)",
        "Consultas informales sobre el Diálogo Internacional sobre la Migración (demostración)",
    ),
    "The secretariat presented the candidate themes and workshop topics for 2011.": (
        "Le secrétariat a présenté les thèmes et les sujets d'atelier proposés pour 2011.",
        "La secretaría presentó los temas y los temas de taller propuestos para 2011.",
    ),
    "The future of migration: building capacities for change": (
        "L'avenir de la migration : renforcer les capacités face au changement",
        "El futuro de la migración: Crear capacidades para el cambio",
    ),
    "What States need to manage the migration of the coming decades: policy, legislation, administrative "
    "structures and partnerships.": (
        "Ce dont les États ont besoin pour gérer la migration des décennies à venir : politiques, législation, "
        "structures administratives et partenariats.",
        "Lo que necesitan los Estados para gestionar la migración de las próximas décadas: políticas, "
        "legislación, estructuras administrativas y alianzas.",
    ),
    "Migration and the environment": ("Migration et environnement", "Migración y medio ambiente"),
    "Slow-onset environmental change and sudden disasters as factors of migration and displacement.": (
        "Les changements environnementaux progressifs et les catastrophes soudaines comme facteurs de "
        "migration et de déplacement.",
        "Los cambios ambientales graduales y los desastres repentinos como factores de migración y desplazamiento.",
    ),
    "Migrants' health in a changing world": (
        "La santé des migrants dans un monde en mutation",
        "La salud de los migrantes en un mundo cambiante",
    ),
    "Health systems that serve mobile populations, and the health of migrants at every stage of migration.": (
        "Des systèmes de santé au service des populations mobiles, et la santé des migrants à chaque étape de "
        "la migration.",
        "Sistemas de salud al servicio de las poblaciones móviles, y la salud de los migrantes en cada etapa "
        "de la migración.",
    ),
    "Demographic change, labour markets and migration": (
        "Évolution démographique, marchés du travail et migration",
        "Cambio demográfico, mercados laborales y migración",
    ),
    "Ageing societies, young populations and the labour mobility between them.": (
        "Sociétés vieillissantes, populations jeunes et la mobilité de main-d'œuvre entre elles.",
        "Sociedades que envejecen, poblaciones jóvenes y la movilidad laboral entre ellas.",
    ),
    "Economic Cycles, Demographic Change and Migration": (
        "Cycles économiques, évolution démographique et migration",
        "Ciclos económicos, cambio demográfico y migración",
    ),
    "Labour migration across the business cycle.": (
        "La migration de main-d'œuvre au fil du cycle économique.",
        "La migración laboral a lo largo del ciclo económico.",
    ),
    "Climate Change, Environmental Degradation and Migration": (
        "Changement climatique, dégradation de l'environnement et migration",
        "Cambio climático, degradación ambiental y migración",
    ),
    "Mobility as adaptation, and its limits.": (
        "La mobilité comme adaptation, et ses limites.",
        "La movilidad como adaptación, y sus límites.",
    ),
    "Migration and Health Systems": ("Migration et systèmes de santé", "Migración y sistemas de salud"),
    "Health services for migrants and for the communities they leave.": (
        "Des services de santé pour les migrants et pour les communautés qu'ils quittent.",
        "Servicios de salud para los migrantes y para las comunidades que dejan.",
    ),
}


def three(**fields: str) -> dict[str, str]:
    """``{field: english, field_fr: french, field_es: spanish}`` for each ``field=english``."""
    values = {}
    for field, english in fields.items():
        french, spanish = TEXTS.get(english, ("", ""))
        values.update({field: english, companion(field, "fr"): french, companion(field, "es"): spanish})
    return values
