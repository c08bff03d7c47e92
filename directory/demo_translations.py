"""French and Spanish for the directory's demo data: organisations (names and acronyms as the UN
system writes them in each language), the positions written in IC/2010/1, and the states whose name in
IOM's usage differs from ISO 3166's short name. The other states take django-countries' ISO names.

The texts are the portal's own translations, not IOM's official French and Spanish versions.
"""

# ISO 3166 code: {"name_fr": …, "name_es": …} only where the UN and IOM write the name otherwise.
STATE_NAMES = {
    "MD": {"name_fr": "République de Moldova", "name_es": "República de Moldova"},
    "US": {"name_es": "Estados Unidos de América"},
}

# English name: (French name, French acronym, Spanish name, Spanish acronym)
ORGANISATIONS = {
    "International Organization for Migration": (
        "Organisation internationale pour les migrations",
        "OIM",
        "Organización Internacional para las Migraciones",
        "OIM",
    ),
    "Office of the High Commissioner of Human Rights": (
        "Haut-Commissariat aux droits de l'homme",
        "HCDH",
        "Oficina del Alto Comisionado para los Derechos Humanos",
        "ACNUDH",
    ),
    "European Commission": ("Commission européenne", "CE", "Comisión Europea", "CE"),
    "Directorate-General for Justice, Freedom and Security": (
        "Direction générale Justice, liberté et sécurité",
        "DG JLS",
        "Dirección General de Justicia, Libertad y Seguridad",
        "DG JLS",
    ),
    "Ministry of Social Development": ("Ministère du développement social", "", "Ministerio de Desarrollo Social", ""),
    "Ministry of Interior": ("Ministère de l'intérieur", "", "Ministerio del Interior", ""),
    "Ministry of Home Affairs": ("Ministère de l'intérieur", "", "Ministerio del Interior", ""),
    "Ministry of Justice": ("Ministère de la justice", "", "Ministerio de Justicia", ""),
    "Ministry of the Interior": ("Ministère de l'intérieur", "", "Secretaría de Gobernación", ""),
    "Migration Dialogue for Southern Africa": (
        "Dialogue sur la migration pour l'Afrique australe",
        "MIDSA",
        "Diálogo sobre la Migración para África Meridional",
        "MIDSA",
    ),
    "Global Forum on Migration and Development": (
        "Forum mondial sur la migration et le développement",
        "FMMD",
        "Foro Mundial sobre Migración y Desarrollo",
        "FMMD",
    ),
    "Global Migration Group": ("Groupe mondial sur la migration", "GMG", "Grupo Mundial sobre Migración", "GMG"),
    "United Nations Institute for Training and Research": (
        "Institut des Nations Unies pour la formation et la recherche",
        "UNITAR",
        "Instituto de las Naciones Unidas para Formación Profesional e Investigaciones",
        "UNITAR",
    ),
}

# English position: (French, Spanish)
POSITIONS = {
    "Deputy High Commissioner for Human Rights": (
        "Haute-Commissaire adjointe aux droits de l'homme",
        "Alta Comisionada Adjunta para los Derechos Humanos",
    ),
    "Minister of Social Development of Bahrain": (
        "Ministre du développement social de Bahreïn",
        "Ministra de Desarrollo Social de Bahrein",
    ),
    "Directorate-General for Justice, Freedom and Security of the European Commission": (
        "Direction générale Justice, liberté et sécurité de la Commission européenne",
        "Dirección General de Justicia, Libertad y Seguridad de la Comisión Europea",
    ),
    "Ministry of Interior of Serbia": ("Ministère de l'intérieur de la Serbie", "Ministerio del Interior de Serbia"),
    "Trafficking in Persons Report hero of the year for 2009": (
        "Héroïne de l'année 2009 du rapport sur la traite des personnes",
        "Heroína del año 2009 del informe sobre la trata de personas",
    ),
    "President of Liberia": ("Présidente du Libéria", "Presidenta de Liberia"),
    "Deputy Minister of Home Affairs of South Africa": (
        "Vice-Ministre de l'intérieur de l'Afrique du Sud",
        "Viceministro del Interior de Sudáfrica",
    ),
    "State Secretary on Migration and Asylum Policy of the Ministry of Justice of Sweden": (
        "Secrétaire d'État chargée de la politique de migration et d'asile, Ministère de la justice de la Suède",
        "Secretaria de Estado de Política de Migración y Asilo del Ministerio de Justicia de Suecia",
    ),
    "Permanent Representative of the Government of Thailand": (
        "Représentant permanent du Gouvernement de la Thaïlande",
        "Representante Permanente del Gobierno de Tailandia",
    ),
    "Permanent Representative of Greece (Chair of the GFMD in 2009)": (
        "Représentant permanent de la Grèce (Président du FMMD en 2009)",
        "Representante Permanente de Grecia (Presidente del FMMD en 2009)",
    ),
    "Under-Secretary for Population, Migration and Religious Affairs, Ministry of the Interior of Mexico "
    "(Chair of the GFMD in 2010)": (
        "Sous-Secrétaire à la population, à la migration et aux affaires religieuses, Ministère de l'intérieur "
        "du Mexique (Président du FMMD en 2010)",
        "Subsecretario de Población, Migración y Asuntos Religiosos, Secretaría de Gobernación de México "
        "(Presidente del FMMD en 2010)",
    ),
    "Executive Director of the United Nations Institute for Training and Research": (
        "Directeur général de l'Institut des Nations Unies pour la formation et la recherche",
        "Director Ejecutivo del Instituto de las Naciones Unidas para Formación Profesional e Investigaciones",
    ),
}


def organisation(name: str) -> dict[str, str]:
    if name not in ORGANISATIONS:
        return {}
    name_fr, acronym_fr, name_es, acronym_es = ORGANISATIONS[name]
    return {"name_fr": name_fr, "acronym_fr": acronym_fr, "name_es": name_es, "acronym_es": acronym_es}


def position(text: str) -> dict[str, str]:
    if text not in POSITIONS:
        return {}
    french, spanish = POSITIONS[text]
    return {"position_fr": french, "position_es": spanish}
