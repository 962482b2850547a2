"""Every word the app shows, in French (default) and English, and the number formats of each language.

Pure: no streamlit. `t(key, lang, **values)` looks a text up and fills its {placeholders}.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Literal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

Lang = Literal["fr", "en"]

# key: (français, English)
TEXTS: dict[str, tuple[str, str]] = {
    # pages
    "app_title": ("Observatoire PME", "SME Observatory"),
    "page_overview": ("Vue d'ensemble", "Overview"),
    "page_buyers": ("Acheteurs", "Buyers"),
    "page_sectors": ("Secteurs", "Sectors"),
    "page_suppliers": ("Titulaires", "Suppliers"),
    "page_data": ("Données", "Data"),
    "page_method": ("Méthode et qualité", "Method and quality"),
    "page_competition": ("Concurrence", "Competition"),
    "menu_label": ("Pages et filtres", "Pages and filters"),
    # a page's tabs (dashboard.ui.page_tabs): tab_<name>, the name being the URL's `tab`
    "tab_evolution": ("Par année et secteur", "By year and sector"),
    "tab_pme": ("PME et concurrence", "SMEs and competition"),
    "tab_rentes": ("Situations de rente", "Incumbents"),
    "tab_concentration": ("Concentration par acheteur", "Concentration by buyer"),
    "tab_profil": ("Profil", "Profile"),
    "tab_comparaison": ("Comparaison", "Comparison"),
    "tab_fournisseurs": ("Principaux titulaires", "Top suppliers"),
    "tab_carte": ("Carte", "Map"),
    "tab_classement": ("Classement", "Ranking"),
    "tab_localisation": ("Titulaires locaux", "Local suppliers"),
    "tab_methode": ("Méthode", "Method"),
    "tab_qualite": ("Sources et qualité", "Sources and quality"),
    "method_tables_tab": (
        "Les tableaux que ce texte cite (« plus bas », « ci-dessous ») sont dans l'onglet « {tab} ».",
        "The tables this text cites (“below”) are in the “{tab}” tab.",
    ),
    "tagline": (
        "Qui remporte les marchés publics : les PME ou les grands groupes ?",
        "Who wins public contracts: small and medium companies or large groups?",
    ),
    # sidebar
    "filters": ("Filtres", "Filters"),
    "language": ("Langue", "Language"),
    "years": ("Années", "Years"),
    "buyer_search": ("Acheteur (nom ou SIRET)", "Buyer (name or SIRET)"),
    "buyer_search_help": (
        "Tapez au moins 2 caractères du nom ou le début du SIRET.",
        "Type at least 2 characters of the name or the start of the SIRET.",
    ),
    "buyer": ("Acheteur", "Buyer"),
    "filters_active": ("Filtres : {items}", "Filters: {items}"),
    "filters_from": ("depuis {year}", "from {year}"),
    "filters_to": ("jusqu'à {year}", "up to {year}"),
    "filters_group": ("code CPV {group}", "CPV code {group}"),
    "filters_no_framework": ("sans accords-cadres", "no framework agreements"),
    "filters_aberrant": ("montants aberrants inclus", "aberrant amounts included"),
    "filters_by_amount": ("en montants", "by amount"),
    "filters_supplier": ("titulaire {name} ({supplier})", "supplier {name} ({supplier})"),
    "filters_merged_out": (
        "sans les identifiants qui réunissent plusieurs marchés",
        "without the ids that merge several contracts",
    ),
    "filters_merged_only": (
        "seulement les identifiants qui réunissent plusieurs marchés",
        "only the ids that merge several contracts",
    ),
    "merged_uid_choice": ("Identifiants regroupant plusieurs marchés", "Ids grouping several contracts"),
    "merged_uid_all": ("Garder", "Keep"),
    "merged_uid_out": ("Écarter", "Leave out"),
    "merged_uid_only": ("Seulement eux", "Only them"),
    "merged_uid_help": (
        "Certains identifiants de la source regroupent plusieurs marchés (un « id » de 4 caractères "
        "ou moins, comme « 2024 ») : ils restent dans les chiffres, signalés merged_uid (voir "
        "Méthode). Ce choix ne vaut que pour ces lignes et leurs téléchargements.",
        "Some ids of the source group several contracts (an « id » of 4 characters or fewer, such as "
        "« 2024 »): they stay in the figures, flagged merged_uid (see Method). This choice applies to "
        "these rows and their downloads only.",
    ),
    "merged_uid_not_applied": (
        "Le choix des identifiants qui réunissent plusieurs marchés ne filtre que la page Données : "
        "les chiffres ci-dessous portent sur tous les marchés.",
        "The choice of ids that merge several contracts filters the Data page only: the figures "
        "below cover every contract.",
    ),
    "buyer_no_match": (
        "Aucun acheteur ne correspond : essayez une partie du nom ou le début du SIRET.",
        "No buyer matches: try part of the name or the start of the SIRET.",
    ),
    "buyer_pick": (
        "{found} acheteur(s) trouvé(s) : choisissez le vôtre dans la liste « Acheteur ».",
        "{found} buyer(s) found: pick yours in the “Buyer” list.",
    ),
    "buyer_pick_many": (
        "Les {found} acheteurs qui ont le plus de contrats sont listés : précisez le nom pour "
        "trouver le vôtre, puis choisissez-le dans la liste « Acheteur ».",
        "The {found} buyers with the most contracts are listed: type more of the name to find "
        "yours, then pick it in the “Buyer” list.",
    ),
    "all_buyers": ("Tous les acheteurs", "All buyers"),
    "cpv_division": ("Secteur (division CPV)", "Sector (CPV division)"),
    "all_sectors": ("Tous les secteurs", "All sectors"),
    "contract_type": ("Type de marché", "Contract type"),
    "all_types": ("Tous les types", "All types"),
    "procedure": ("Procédure", "Procedure"),
    "all_procedures": ("Toutes les procédures", "All procedures"),
    "framework": ("Inclure les accords-cadres", "Include framework agreements"),
    "framework_help": (
        "Le montant d'un accord-cadre est un plafond, pas une dépense.",
        "A framework agreement's amount is a ceiling, not spending.",
    ),
    "aberrant": ("Inclure les montants aberrants", "Include aberrant amounts"),
    "aberrant_help": (
        "Montants hors normes (< 1 €, > 3 Md€, 999 999 999 …), exclus des sommes par défaut.",
        "Out-of-range amounts (< €1, > €3bn, 999,999,999 …), left out of sums by default.",
    ),
    "basis": ("Compter en", "Measure by"),
    "basis_count": ("Nombre de contrats", "Number of contracts"),
    "basis_amount": ("Montants", "Amounts"),
    "reset": ("Réinitialiser les filtres", "Reset filters"),
    # states
    "ignored_warning": (
        "Lien partiellement lu : valeurs ignorées : {items}.",
        "Link partly read: ignored values: {items}.",
    ),
    "ignored_more": ("et {more} autres", "and {more} more"),
    "db_missing": (
        "La base de données est introuvable ({path}). Construisez-la avec `make run` "
        "(ou `python -m etl build --db {path}`), puis rechargez la page.",
        "The database was not found ({path}). Build it with `make run` "
        "(or `python -m etl build --db {path}`), then reload the page.",
    ),
    "db_error": (
        "La base de données n'a pas pu être lue ; reconstruisez-la avec `make run`.",
        "The database could not be read; rebuild it with `make run`.",
    ),
    "empty": (
        "Aucun contrat ne correspond à ces filtres. Élargissez la période, retirez un filtre ou "
        "cliquez sur « Réinitialiser les filtres » en bas de la barre latérale.",
        "No contract matches these filters. Widen the years, remove a filter or click “Reset "
        "filters” at the bottom of the sidebar.",
    ),
    "show_table": ("Voir les données du graphique", "Show the chart's data"),
    "show_table_plain": ("Voir le tableau", "Show the table"),
    "show_sector_table": ("Voir le tableau par secteur", "Show the table by sector"),
    # footer
    "footer": (
        "Source : {sources}. Licence : {licences}. Données au {date}.",
        "Source: {sources}. Licence: {licences}. Data as of {date}.",
    ),
    "footer_method": (
        "Méthode : voir la page « Méthode et qualité ».",
        "Method: see the “Method and quality” page.",
    ),
    # overview
    "headline": (
        "En {year}, les PME ont remporté {count} des contrats {conj} {amount} des montants.",
        "In {year}, SMEs won {count} of contracts {conj} {amount} of the value.",
    ),
    "headline_but": ("mais", "but"),
    "headline_and": ("et", "and"),
    "headline_no_amount": (
        "En {year}, les PME ont remporté {count} des contrats.",
        "In {year}, SMEs won {count} of contracts.",
    ),
    "headline_note": (
        "{year} : {contracts} contrats. La taille du titulaire y est inconnue pour {unknown} "
        "d'entre eux ; parmi les contrats dont elle est connue, les PME en ont remporté {classified}.",
        "{year}: {contracts} contracts. The winner's size is unknown for {unknown} of them; among "
        "the contracts where it is known, SMEs won {classified}.",
    ),
    "headline_note_unknown": (
        "{year} : {contracts} contrats, dont aucun titulaire n'a de taille connue.",
        "{year}: {contracts} contracts, none with a winner of known size.",
    ),
    "glossary": ("Les mots de cette page", "The words on this page"),
    "glossary_text": (
        "- **PME** : petite ou moyenne entreprise, moins de 250 salariés et au plus 50 M€ de chiffre "
        "d'affaires (catégorie de l'INSEE). "
        "**ETI** : entreprise de taille intermédiaire, moins de 5 000 salariés. **Grande "
        "entreprise (GE)** : au-delà.\n"
        "- **Taille inconnue** : l'entreprise n'a pas pu être classée (identifiant étranger, "
        "entreprise récente…) ; elle est montrée à part, jamais devinée.\n"
        "- **Titulaire** : l'entreprise qui remporte le marché. Quand plusieurs entreprises le "
        "remportent ensemble (un **groupement**), chacune compte pour sa part (½, ⅓…).\n"
        "- **Accord-cadre** : un marché dont le montant publié est un plafond de commandes, pas "
        "une dépense.\n"
        "- **Secteur (CPV)** : la nomenclature européenne des achats publics ; ses deux premiers "
        "chiffres donnent la division (45 : travaux de construction).\n"
        "- **SIRET / SIREN** : les numéros d'un établissement (14 chiffres) et de son entreprise "
        "(9 chiffres).\n"
        "- **Montant aberrant** : un montant impossible ou de remplissage (999 999 999 €…), écarté "
        "des sommes sauf si on l'inclut.\n\n"
        "Le détail est sur la page « Méthode et qualité ».",
        "- **SME (PME)**: small or medium-sized company, fewer than 250 employees and at most €50M "
        "turnover (INSEE's "
        "category). **Mid-cap (ETI)**: fewer than 5,000 employees. **Large company (GE)**: "
        "beyond.\n"
        "- **Size unknown**: the company could not be classified (a foreign id, a recent "
        "company…); it is shown apart, never guessed.\n"
        "- **Winner**: the company that wins the contract. When several win it together (a "
        "**consortium**), each counts for its part (½, ⅓…).\n"
        "- **Framework agreement**: a contract whose published amount is a ceiling on orders, not "
        "spending.\n"
        "- **Sector (CPV)**: the EU's classification of public purchases; its first two digits "
        "give the division (45: construction work).\n"
        "- **SIRET / SIREN**: the French numbers of an establishment (14 digits) and of its "
        "company (9 digits).\n"
        "- **Aberrant amount**: an impossible or placeholder amount (€999,999,999…), left out of "
        "sums unless included.\n\n"
        "Details are on the “Method and quality” page.",
    ),
    "tile_contracts": ("Contrats", "Contracts"),
    "tile_amount": ("Montant total", "Total amount"),
    "tile_share_count": ("Part PME (nombre)", "SME share (count)"),
    "tile_share_amount": ("Part PME (montant)", "SME share (amount)"),
    "tile_coverage": ("Taille connue", "Size known"),
    "tile_classified": (
        "{share} parmi les contrats dont la taille du titulaire est connue",
        "{share} among contracts whose winner's size is known",
    ),
    "tile_coverage_help": (
        "Part des contrats (chaque titulaire d'un groupement pour 1/n) dont la taille du titulaire "
        "est connue.",
        "Share of contracts (each of n joint winners counting 1/n) whose winner's size is known.",
    ),
    "tiles_period": ("Chiffres de {first} à {last}.", "Figures for {first} to {last}."),
    "tiles_period_undated": (
        "Chiffres de {first} à {last}, contrats sans date compris.",
        "Figures for {first} to {last}, undated contracts included.",
    ),
    "tile_amount_help": (
        "Somme des montants valides (hors montants manquants ; hors aberrants sauf si inclus). "
        "Un accord-cadre y compte pour son plafond, pas pour ce qui sera dépensé : décochez "
        "« Inclure les accords-cadres » pour les retirer.",
        "Sum of valid amounts (missing left out; aberrant left out unless included). A framework "
        "agreement counts for its ceiling, not for what will be spent: untick “Include framework "
        "agreements” to leave them out.",
    ),
    "split_by_year": ("Répartition par année", "Split by year"),
    "split_by_year_caption": (
        "Part de chaque taille d'entreprise dans les contrats attribués (ou dans les montants, "
        "selon « Compter en »), par année de notification.",
        "Share of each company size in awarded contracts (or in amounts, as “Measure by” says), by "
        "notification year.",
    ),
    "year_undated": ("Sans date", "No date"),
    "undated_excluded_one": (
        "La période choisie laisse de côté 1 contrat sans date de notification utilisable (date "
        "absente, impossible ou future) : il n'a pas d'année.",
        "The chosen years leave out 1 contract with no usable notification date (missing, "
        "impossible or in the future): it has no year.",
    ),
    "undated_excluded": (
        "La période choisie laisse de côté les {contracts} contrats sans date de notification "
        "utilisable (date absente, impossible ou future) : ils n'ont pas d'année.",
        "The chosen years leave out the {contracts} contracts with no usable notification date "
        "(missing, impossible or in the future): they have no year.",
    ),
    "split_by_type": ("Répartition par type de marché", "Split by contract type"),
    "split_by_type_caption": (
        "Travaux, fournitures, services : part de chaque taille d'entreprise.",
        "Works, supplies, services: share of each company size.",
    ),
    "share_by_bracket": ("Part PME par tranche de montant", "SME share by amount bracket"),
    "share_by_bracket_caption": (
        "Seuils approchés de la commande publique : 40 k€, 90 k€, 215 k€ (procédure européenne "
        "fournitures/services : 214 à 221 k€ selon les années), 5,5 M€ (travaux : 5,35 à 5,55 M€).",
        "Approximate French procurement thresholds: €40k, €90k, €215k (EU procedure for "
        "supplies/services: €214–221k depending on the year), €5.5M (works: €5.35–5.55M).",
    ),
    # axes and columns
    "year": ("Année", "Year"),
    "size_class": ("Taille", "Size"),
    "share": ("Part", "Share"),
    "share_pme": ("Part PME", "SME share"),
    "contracts": ("Contrats", "Contracts"),
    "amount": ("Montant", "Amount"),
    "bracket": ("Tranche de montant", "Amount bracket"),
    "sector": ("Secteur", "Sector"),
    "siren_or_id": ("SIREN / id", "SIREN / id"),
    "cpv_code": ("Code CPV", "CPV code"),
    "code": ("Code", "Code"),
    "coverage": ("Taille connue", "Size known"),
    "wilson_low": ("IC 95 % bas", "95% CI low"),
    "wilson_high": ("IC 95 % haut", "95% CI high"),
    "supplier": ("Titulaire", "Supplier"),
    "siret": ("SIRET", "SIRET"),
    "rank": ("Rang", "Rank"),
    "scope": ("Périmètre", "Scope"),
    # buyers page
    "buyers_intro": (
        "Cherchez un acheteur ci-dessus (nom ou SIRET) pour voir son profil : ses parts PME "
        "comparées à l'ensemble, son évolution, ses secteurs et ses principaux titulaires.",
        "Look a buyer up above (name or SIRET) to see its profile: its SME shares next to all "
        "buyers', its trend, its sectors and its top suppliers.",
    ),
    "vs_all": ("Tous les acheteurs : {value}", "All buyers: {value}"),
    "amount_is": ("Montant : {value}", "Amount: {value}"),
    "this_buyer": ("Cet acheteur", "This buyer"),
    "buyer_few_contracts": (
        "Peu de contrats ({contracts}) : une part calculée sur si peu de marchés change de "
        "plusieurs dizaines de points avec un marché de plus ; lisez-la avec prudence. Le "
        "classement et le nuage ci-dessous ne montrent que les acheteurs d'au moins {minimum} "
        "contrats (minimum réglable).",
        "Few contracts ({contracts}): a share of so few contracts moves by tens of points with one "
        "more contract; read it with care. The ranking and the scatter below show buyers with at "
        "least {minimum} contracts (the minimum can be changed).",
    ),
    "ranking_below_minimum": (
        "Aucun acheteur n'a au moins {minimum} contrats sous ces filtres : abaissez le minimum "
        "ci-dessus ou élargissez les filtres.",
        "No buyer has at least {minimum} contracts under these filters: lower the minimum above "
        "or widen the filters.",
    ),
    "all_buyers_short": ("Tous les acheteurs", "All buyers"),
    "buyer_trend": ("Part PME par année", "SME share by year"),
    "buyer_trend_caption": (
        "Part PME (en nombre ou en montant selon le choix) de l'acheteur et de l'ensemble.",
        "SME share (by count or amount, as chosen) of the buyer and of all buyers.",
    ),
    "buyer_trend_undated_part": (
        "{contracts} contrat(s) de l'acheteur sans date utilisable comptent dans les chiffres "
        "ci-dessus, pas dans cette tendance. Le tableau donne le nombre de contrats de chaque année.",
        "{contracts} contract(s) of the buyer with no usable date count in the figures above, not in "
        "this trend. The table gives each year's number of contracts.",
    ),
    "trend_contracts": ("Contrats de l'acheteur", "Buyer's contracts"),
    "buyer_sectors": ("Secteurs de l'acheteur", "The buyer's sectors"),
    "buyer_sectors_caption": (
        "Contrats (ou montants, selon le choix) de l'acheteur par division CPV ; la part PME de "
        "chaque secteur est dans l'infobulle et dans le tableau.",
        "The buyer's contracts (or amounts, as chosen) by CPV division; each sector's SME share is "
        "in the tooltip and in the table.",
    ),
    "top_suppliers": ("Principaux titulaires", "Top suppliers"),
    "top_suppliers_caption": (
        "Les titulaires qui ont reçu le plus (contrats pondérés, montants valides).",
        "The suppliers that received the most (weighted contracts, valid amounts).",
    ),
    "buyer_trend_undated": (
        "Aucun contrat de cet acheteur sous les filtres actuels n'a de date de notification "
        "utilisable : pas de tendance par année.",
        "None of this buyer's contracts under the current filters has a usable notification date: "
        "no trend by year.",
    ),
    "peers": ("Face aux acheteurs comparables", "Against comparable buyers"),
    "peers_caption": (
        "Les {peers} acheteurs dont la division CPV la plus fréquente (toutes années) est aussi "
        "« {division} » et qui ont, sous les filtres actuels, entre {low} et {high} contrats (deux "
        "fois moins à deux fois plus que cet acheteur). Part PME en nombre ; le tableau montre les "
        "{shown} plus proches en volume.",
        "The {peers} buyers whose most frequent CPV division (all years) is also “{division}” and "
        "that have, under the current filters, between {low} and {high} contracts (half to twice "
        "this buyer's). SME share by count; the table shows the {shown} closest in volume.",
    ),
    "peers_no_division": (
        "Aucun contrat de cet acheteur n'a de code CPV : sans secteur principal, pas d'acheteurs "
        "comparables.",
        "None of this buyer's contracts has a CPV code: with no main sector, no comparable buyers.",
    ),
    "peers_median": ("Médiane des comparables", "Comparable buyers' median"),
    "peers_below": ("Comparables dépassés", "Comparable buyers below it"),
    "peers_below_help": (
        "Part des acheteurs comparables dont la part PME (en nombre) est plus basse que celle de cet "
        "acheteur.",
        "Share of the comparable buyers whose SME share (by count) is lower than this buyer's.",
    ),
    "peers_too_few": (
        "Trop peu d'acheteurs comparables ({peers}) pour situer cet acheteur : il faut au moins "
        "{minimum} acheteurs du même secteur principal et d'un volume proche.",
        "Too few comparable buyers ({peers}) to place this buyer: it takes at least {minimum} "
        "buyers of the same main sector and a similar volume.",
    ),
    "this_buyer_row": ("{name} (cet acheteur)", "{name} (this buyer)"),
    "ranking": ("Classement des acheteurs par part PME", "Buyers ranked by SME share"),
    "ranking_caption": (
        "Classés par la borne basse de l'intervalle de Wilson à 95 % sur le nombre pondéré "
        "d'attributions : un petit acheteur ne passe devant un grand que si sa part reste plus "
        "haute une fois comptée l'incertitude de son petit nombre de contrats.",
        "Ranked by the lower bound of the 95% Wilson interval on the weighted award count: a "
        "small buyer ranks above a large one only if its share stays higher once the uncertainty "
        "of its few contracts is counted.",
    ),
    "min_contracts": ("Contrats minimum", "Minimum contracts"),
    "min_contracts_help": (
        "Seuls les acheteurs ayant au moins ce nombre de contrats (pondérés) sont classés.",
        "Only buyers with at least this many (weighted) contracts are ranked.",
    ),
    "scatter": ("Volume et part PME", "Volume and SME share"),
    "show_all_buyers": (
        "Voir le classement et le nuage de tous les acheteurs",
        "Show the ranking and the scatter of every buyer",
    ),
    "scatter_caption": (
        "Chaque point est un acheteur (les plus gros, jusqu'à {dots}) ; échelle logarithmique.",
        "Each dot is a buyer (the largest, up to {dots}); log scale.",
    ),
    "scatter_table_cut": ("Le tableau donne les {rows} plus gros.", "The table gives the {rows} largest."),
    "scatter_caption_buyer": (
        "Le point orange est l'acheteur choisi.",
        "The orange dot is the chosen buyer.",
    ),
    # sectors page
    "sectors_share": ("Part PME par secteur", "SME share by sector"),
    "sectors_share_caption": (
        "Part PME (en nombre de contrats ou en montant, selon le choix) par division CPV, de la plus "
        "forte à la plus faible.",
        "SME share (by number of contracts or by amount, as chosen) by CPV division, from highest to lowest.",
    ),
    "few_contracts_pale_split": (
        "Barres pâles : moins de {few} contrats, une répartition qui bouge beaucoup d'un contrat à l'autre.",
        "Pale bars: fewer than {few} contracts, a split that moves a lot from one contract to the next.",
    ),
    "few_contracts_pale": (
        "Barres pâles : moins de {few} contrats, une part qui bouge beaucoup d'un contrat à "
        "l'autre. Les titulaires de taille inconnue comptent au dénominateur : la colonne "
        "« Taille connue » du tableau dit pour quelle part elle l'est.",
        "Pale bars: fewer than {few} contracts, a share that moves a lot from one contract to "
        "the next. Winners of unknown size count in the denominator: the table's “Size known” "
        "column says for what part it is known.",
    ),
    # Concurrence (issue 14)
    "competition_intro": (
        "Les marchés sont-ils ouverts ? Combien d'entreprises répondent, y a-t-il eu publicité et "
        "mise en concurrence, un même titulaire garde-t-il un acheteur année après année ? Une seule "
        "offre n'est pas la preuve d'une faute : c'est un signal à regarder de près.",
        "Are markets open? How many firms bid, was there a call for competition, does one supplier "
        "keep a buyer year after year? A single bid is not proof of wrongdoing: it is a signal "
        "worth a closer look.",
    ),
    "single_bid_rate": ("Offre unique", "Single bid"),
    "single_bid_help": (
        "Part des contrats qui n'ont reçu qu'une offre, parmi ceux dont le nombre d'offres est publié.",
        "Share of contracts that received one bid, among those whose number of bids is published.",
    ),
    "bids_coverage_caption": ("publié pour {share} des contrats", "published for {share} of contracts"),
    "not_published": ("non publié", "not published"),
    "median_bids": ("Offres reçues (médiane)", "Bids received (median)"),
    "median_bids_help": (
        "La moitié au moins des contrats dont le nombre d'offres est publié en ont reçu au plus ce nombre.",
        "At least half of the contracts whose number of bids is published received at most this many.",
    ),
    "no_competition_rate": ("Sans mise en concurrence", "No call for competition"),
    "no_competition_help": (
        "Part des contrats passés sans publicité ni mise en concurrence préalable, parmi ceux dont "
        "la procédure est publiée.",
        "Share of contracts awarded without prior publication or competition, among those whose "
        "procedure is published.",
    ),
    "no_competition_amount_rate": ("Idem, en montant", "Same, by amount"),
    "procedure_coverage_caption": ("procédure publiée pour {share}", "procedure published for {share}"),
    "competition_by_year": ("Par année", "By year"),
    "competition_by_year_caption": (
        "Chaque taux est calculé sur les contrats de l'année dont le champ est publié ; une année "
        "sans nombre d'offres publié n'a pas de point « Offre unique ».",
        "Each rate is over the year's contracts that publish its field; a year with no published "
        "number of bids has no “Single bid” point.",
    ),
    "rate": ("Taux", "Rate"),
    "indicator": ("Indicateur", "Indicator"),
    "bids_published": ("Offres publiées", "Bids published"),
    "competition_by_sector": ("Par secteur", "By sector"),
    "competition_by_sector_caption": (
        "Divisions CPV, les plus grandes d'abord. « – » : aucun contrat du secteur ne publie ce champ.",
        "CPV divisions, largest first. “–”: no contract of the sector publishes this field.",
    ),
    "sme_and_competition": ("PME et concurrence", "SMEs and competition"),
    "sme_by_bids": ("Part PME selon le nombre d'offres reçues", "SME share by number of bids received"),
    "sme_by_family": ("Part PME selon la procédure", "SME share by procedure"),
    "sme_and_competition_caption": (
        "Les PME gagnent-elles davantage quand plus d'entreprises répondent ? Part PME (Méthode §5) "
        "des contrats de chaque groupe.",
        "Do SMEs win more where more firms bid? SME share (Method §5) of each group's contracts.",
    ),
    "bids_group": ("Offres reçues", "Bids received"),
    "procedure_family": ("Famille de procédure", "Procedure family"),
    "family_open": ("Ouverte", "Open"),
    "family_restricted": ("Restreinte", "Restricted"),
    "family_negotiated": ("Négociée avec publicité", "Negotiated with publication"),
    "family_no_competition": ("Sans publicité ni mise en concurrence", "No publication or competition"),
    "family_adapted": ("Procédure adaptée (MAPA)", "Adapted procedure (MAPA)"),
    "family_other": ("Autre", "Other"),
    "family_unknown": ("Non publiée", "Not published"),
    "bids_unknown": ("Non publié", "Not published"),
    "incumbents": ("Situations de rente", "Incumbents"),
    "incumbents_caption": (
        "Un titulaire a remporté au moins un tiers du montant d'un acheteur dans une même division "
        "CPV, trois années de suite ou plus. Montant et part sur ces années ; « Lignes » ouvre les "
        "contrats dans Données.",
        "One supplier won at least a third of a buyer's amount in one CPV division, three or more "
        "years in a row. Amount and share over those years; “Rows” opens the contracts in Data.",
    ),
    "incumbents_none": (
        "Aucune situation de rente sous ces filtres : aucun titulaire ne détient un tiers du montant "
        "d'un acheteur dans une division trois années de suite.",
        "No incumbent under these filters: no supplier holds a third of a buyer's amount in a "
        "division three years in a row.",
    ),
    "years_held": ("Années", "Years"),
    "share_held": ("Part du montant", "Share of amount"),
    "rows_link": ("Lignes", "Rows"),
    "rows_link_text": ("voir les contrats", "see the contracts"),
    "concentration": ("Concentration par acheteur", "Concentration by buyer"),
    "rank_by": ("Classer par", "Rank by"),
    "rank_by_hhi": ("Indice HHI", "HHI"),
    "rank_by_top1": ("Premier titulaire", "Top supplier"),
    "rank_by_single_bid": ("Offre unique", "Single bid"),
    "rank_by_no_competition": ("Sans mise en concurrence", "No competition"),
    "hhi": ("HHI", "HHI"),
    "top1_share": ("1er titulaire", "Top supplier"),
    "top3_share": ("3 premiers", "Top 3"),
    "suppliers_per_10": ("Titulaires / 10 contrats", "Suppliers / 10 contracts"),
    "concentration_caption": (
        "Acheteurs d'au moins {minimum} contrats. HHI : somme des carrés des parts du montant de "
        "chaque titulaire (par SIREN), de 0 à 1 ; 1,0 = un seul titulaire, 0,5 = deux à parts "
        "égales. Le taux d'offre unique n'est donné que sur {floor} contrats publiés ou plus, avec "
        "son intervalle de Wilson à 95 %.",
        "Buyers with at least {minimum} contracts. HHI: the sum of the squared shares of the amount "
        "won by each supplier (by SIREN), from 0 to 1; 1.0 = one supplier, 0.5 = two equal ones. "
        "The single-bid rate is given only over {floor} published counts or more, with its 95% "
        "Wilson interval.",
    ),
    "single_bid_low": ("Offre unique, IC bas", "Single bid, CI low"),
    "single_bid_high": ("Offre unique, IC haut", "Single bid, CI high"),
    "clauses": ("Clauses sociales et innovation", "Social clauses and innovation"),
    "clauses_not_published": (
        "Ces données ne publient ni marché réservé, ni marché innovant, ni sous-traitance déclarée : "
        "la part PME de ces marchés ne peut pas être calculée.",
        "These data publish no reserved contract, innovative contract or declared subcontracting: "
        "the SME share of those contracts cannot be computed.",
    ),
    "buyer_competition": ("Concurrence", "Competition"),
    "method_families": ("Familles de procédure", "Procedure families"),
    "method_families_caption": (
        "Table etl/rules/procedure_families.csv : chaque libellé publié et sa famille (Méthode § 17). "
        "Un libellé écrit autrement (casse, accents, apostrophes, espaces) rejoint le sien ; un "
        "libellé absent de la table compte dans « Autre ».",
        "Table etl/rules/procedure_families.csv: each published label and its family (Method §17). "
        "A label spelled otherwise (case, accents, apostrophes, spaces) joins its own; a label "
        "missing from the table counts in “Other”.",
    ),
    "vocabulary": ("Format", "Format"),
    "vocabulary_seen": ("vu dans les données", "seen in the data"),
    "supplier_incumbencies": ("Situations de rente", "Incumbencies"),
    "supplier_incumbencies_none": (
        "Ce titulaire ne détient, sous ces filtres, aucun acheteur trois années de suite (un tiers du "
        "montant d'une division CPV).",
        "Under these filters this supplier holds no buyer three years in a row (a third of a CPV "
        "division's amount).",
    ),
    "peers_median_short": ("Médiane, même secteur", "Median, same sector"),
    "all_buyers_median": ("Médiane, tous", "Median, all"),
    "buyer_competition_caption": (
        "Médianes des acheteurs d'au moins {minimum} contrats sous les mêmes filtres : ceux de la même "
        "division CPV principale (nombre, celui-ci compris : {peers}), puis tous. Définitions : "
        "page « Méthode et qualité ».",
        "Medians of the buyers with at least {minimum} contracts under the same filters: those of the "
        "same main CPV division (number, this one included: {peers}), then all. Definitions: the "
        "“Method and quality” page.",
    ),
    "too_few_published": ("{published} offres publiées : trop peu", "{published} bids published: too few"),
    "no_dated_contracts": (
        "Aucun contrat daté dans cette sélection.",
        "No dated contract in this selection.",
    ),
    "clause_reserved_yes": ("Marché réservé", "Reserved contract"),
    "clause_reserved_no": ("Considération sociale, non réservé", "Social consideration, not reserved"),
    "clause_reserved_unknown": (
        "Considérations sociales non publiées",
        "Social considerations not published",
    ),
    "clause_innovative_yes": ("Marché innovant", "Innovative contract"),
    "clause_innovative_no": ("Marché non innovant", "Not innovative"),
    "clause_innovative_unknown": ("Innovation non publiée", "Innovation not published"),
    "clause_subcontracting_yes": ("Sous-traitance déclarée", "Subcontracting declared"),
    "clause_subcontracting_no": ("Pas de sous-traitance déclarée", "No subcontracting declared"),
    "clause_subcontracting_unknown": ("Sous-traitance non publiée", "Subcontracting not published"),
    "no_bids_published": (
        "Le nombre d'offres reçues n'est publié pour aucun contrat de cette sélection.",
        "The number of bids received is published for no contract of this selection.",
    ),
    "no_cpv": ("Sans code CPV", "No CPV code"),
    "drill": ("Détailler", "Drill down"),
    "drill_division": ("Division", "Division"),
    "drill_group": ("Groupe (3 chiffres)", "Group (3 digits)"),
    "drill_class": ("Classe (4 chiffres)", "Class (4 digits)"),
    "drill_none": ("— aucun —", "— none —"),
    "drill_caption": (
        "Part PME dans les codes CPV du niveau sous {code} (division : 2 chiffres, groupe : 3, "
        "classe : 4, catégorie : 5). Le lien de la page garde ce choix.",
        "SME share in the CPV codes one level under {code} (division: 2 digits, group: 3, "
        "class: 4, category: 5). The page's link keeps this choice.",
    ),
    "heatmap": ("Secteur × année", "Sector × year"),
    "heatmap_caption": (
        "Part PME par division CPV et par année ; case vide : aucun contrat.",
        "SME share by CPV division and year; empty cell: no contract.",
    ),
    # vocabularies
    "size_PME": ("PME", "SME"),
    "size_ETI": ("ETI", "Mid-cap"),
    "size_GE": ("Grande entreprise", "Large company"),
    "size_large": ("Non-PME (sans détail)", "Non-SME (no detail)"),
    "size_unknown": ("Taille inconnue", "Size unknown"),
    "type_works": ("Travaux", "Works"),
    "type_supplies": ("Fournitures", "Supplies"),
    "type_services": ("Services", "Services"),
    "type_unknown": ("Type inconnu", "Type unknown"),
    "name_unpublished": ("nom non publié", "name not published"),
    "status_ok": ("valide", "valid"),
    "status_missing": ("absent", "missing"),
    "status_aberrant": ("aberrant", "aberrant"),
    "status_other_currency": ("autre devise", "other currency"),
    "status_other_currency_aberrant": ("aberrant, autre devise", "aberrant, other currency"),
    "bracket_lt40k": ("< 40 k€", "< €40k"),
    "bracket_40k-90k": ("40–90 k€", "€40–90k"),
    "bracket_90k-215k": ("90–215 k€", "€90–215k"),
    "bracket_215k-5.5M": ("215 k€–5,5 M€", "€215k–5.5M"),
    "bracket_gt5.5M": ("> 5,5 M€", "> €5.5M"),
    "bracket_unknown": ("Montant manquant", "Amount missing"),
    # suppliers page (Titulaires)
    "supplier_search": ("Titulaire (nom ou SIREN)", "Supplier (name or SIREN)"),
    "supplier_search_help": (
        "Tapez au moins 2 caractères du nom ou le début du SIREN, puis choisissez dans la liste.",
        "Type at least 2 characters of the name or the start of the SIREN, then pick from the list.",
    ),
    "supplier_none": ("— choisir un titulaire —", "— pick a supplier —"),
    "supplier_no_match": ("Aucun titulaire ne correspond.", "No supplier matches."),
    "supplier_pick": (
        "{found} titulaire(s) trouvé(s) : choisissez-le dans la liste « Titulaire ».",
        "{found} supplier(s) found: pick one in the “Supplier” list.",
    ),
    "supplier_pick_many": (
        "Les {found} titulaires qui ont le plus de contrats sont listés : précisez le nom, puis "
        "choisissez-le dans la liste « Titulaire ».",
        "The {found} suppliers with the most contracts are listed: type more of the name, then "
        "pick one in the “Supplier” list.",
    ),
    "supplier_profile_caption": (
        "Identifiant {supplier} ; contrats pondérés (un marché à n titulaires compte 1/n), montants valides, "
        "filtres de la barre latérale appliqués.",
        "Id {supplier}; weighted contracts (a contract with n winners counts 1/n), valid amounts, "
        "sidebar filters applied.",
    ),
    "supplier_buyers": ("Ses acheteurs", "Its buyers"),
    "supplier_sectors": ("Ses secteurs", "Its sectors"),
    "supplier_years": ("Ses années", "Its years"),
    "top_by_amount": ("Premiers titulaires par montant", "Top suppliers by amount"),
    "top_by_amount_caption": (
        "Somme des montants valides reçus (part de chaque titulaire d'un groupement).",
        "Sum of valid amounts received (each joint winner's share).",
    ),
    "top_by_count": ("Premiers titulaires par nombre de contrats", "Top suppliers by number of contracts"),
    "top_by_count_caption": (
        "Contrats pondérés : un marché à n titulaires compte 1/n pour chacun.",
        "Weighted contracts: a contract with n winners counts 1/n for each.",
    ),
    # data page (Données)
    "data_intro": (
        "Les lignes derrière les graphiques : une ligne par titulaire d'un marché (attribution), "
        "sous les filtres de la barre latérale. Un marché à plusieurs titulaires a une ligne par "
        "titulaire : son montant s'y répète, la part attribuée à chacun s'additionne. Les montants "
        "aberrants restent dans les lignes, avec leur statut (colonne « Statut du montant »).",
        "The rows behind the charts: one row per winner of a contract (award), under the sidebar "
        "filters. A contract with several winners has one row per winner: its amount repeats there, "
        "the share awarded to each adds up. Aberrant amounts stay in the rows, with their status "
        "(« Amount status » column).",
    ),
    "data_count": ("{rows} lignes · {contracts} contrats", "{rows} rows · {contracts} contracts"),
    "data_page": ("Page (sur {pages})", "Page (of {pages})"),
    # Données' orders of the rows: data_sort_<order>, the order being the URL's `sort`
    "data_sort": ("Trier les lignes par", "Sort the rows by"),
    "data_sort_extract": ("SIRET de l'acheteur, année, marché", "Buyer SIRET, year, contract"),
    "data_sort_share": ("Part attribuée, la plus grande d'abord", "Share awarded, largest first"),
    "data_sort_amount": ("Montant du contrat, le plus grand d'abord", "Contract amount, largest first"),
    "data_sort_recent": ("Année, la plus récente d'abord", "Year, latest first"),
    "data_sort_help": (
        "Le tri porte sur toutes les lignes filtrées, pas seulement la page affichée. Les montants "
        "aberrants ou manquants, que la colonne « Part attribuée » laisse vides, et ceux dans une "
        "autre devise que celle du pays (voir la Méthode) viennent en dernier ; de même, dans "
        "l'ordre par année, les marchés sans date. Les fichiers téléchargés gardent l'ordre SIRET "
        "de l'acheteur, année, marché.",
        "The order covers every filtered row, not only the page shown. Aberrant or missing amounts, "
        "which the « Share awarded » column leaves empty, and amounts in another currency than the "
        "country's (see the Method) come last; so do undated contracts in the year order. "
        "Downloaded files keep the buyer SIRET, year, contract order.",
    ),
    "data_showing": ("Lignes {first} à {last} sur {rows}.", "Rows {first} to {last} of {rows}."),
    "data_shares_total": (
        "Total des parts attribuées, sur toutes les lignes filtrées : {total} ({short}), le montant "
        "total de la vue d'ensemble pour ces filtres. Le montant du contrat se répète sur la ligne de "
        "chaque co-titulaire ; les parts, elles, s'additionnent.",
        "Total of the shares awarded, over every filtered row: {total} ({short}), the overview's "
        "total amount for these filters. A contract's amount repeats on each co-winner's row; the "
        "shares add up.",
    ),
    "data_shares_total_aberrant": (
        "Total des parts attribuées, sur toutes les lignes filtrées : {total} ({short}). Avec les "
        "montants aberrants, que la page compte, le montant total de la vue d'ensemble est de "
        "{counted} : la colonne « Part attribuée » laisse ces montants vides.",
        "Total of the shares awarded, over every filtered row: {total} ({short}). With the aberrant "
        "amounts, which the page counts, the overview's total amount is {counted}: the « Share "
        "awarded » column leaves them empty.",
    ),
    "yes": ("Oui", "Yes"),
    "no": ("Non", "No"),
    "col_notified": ("Notification", "Notified"),
    "col_winner": ("Titulaire", "Winner"),
    "col_contract_amount": ("Montant du contrat", "Contract amount"),
    "col_amount_share": ("Part attribuée à ce titulaire", "Share awarded to this winner"),
    "col_amount_status": ("Statut du montant", "Amount status"),
    "col_cpv": ("CPV", "CPV"),
    "col_cpv_label": ("Libellé CPV", "CPV label"),
    "col_winners": ("Titulaires", "Winners"),
    "col_procedure": ("Procédure", "Procedure"),
    "col_framework": ("Accord-cadre", "Framework"),
    "col_object": ("Objet", "Object"),
    "col_buyer_siret": ("SIRET acheteur", "Buyer SIRET"),
    "col_winner_id": ("Id titulaire", "Winner id"),
    "col_contract": ("Marché", "Contract"),
    "col_description": ("Description", "Description"),
    "col_source": ("Source", "Source"),
    "col_file": ("Fichier", "File"),
    "col_format": ("Format", "Format"),
    "col_licence": ("Licence", "Licence"),
    "col_file_date": ("Publié le (sinon date du fichier)", "Published (else file date)"),
    "col_read": ("Lus", "Read"),
    "col_loaded": ("Chargés", "Loaded"),
    "col_rejected": ("Rejetés", "Rejected"),
    "col_duplicates": ("Doublons écartés", "Duplicates dropped"),
    "col_concessions": ("Concessions écartées", "Concessions skipped"),
    "col_bytes": ("Octets", "Bytes"),
    "col_sha256": ("sha256", "sha256"),
    "col_reason": ("Motif", "Reason"),
    "col_records": ("Enregistrements", "Records"),
    "col_example": ("Exemple", "Example"),
    "col_field": ("Champ", "Field"),
    "col_example_value": ("Exemple de valeur brute", "Example raw value"),
    "col_published_amount": ("Montant publié", "Published amount"),
    "data_download": ("Télécharger ces lignes", "Download these rows"),
    "data_download_caption": (
        "Exactement les {rows} lignes filtrées, toutes colonnes ; le fichier est préparé au clic. "
        "Le nom du fichier dit les filtres et la date des données. « CSV pour Excel » : point-virgule, "
        'virgule décimale, BOM UTF-8 et identifiants écrits ="…" pour rester du texte (zéros de '
        "tête, numéros longs), ce qu'un Excel français ouvre d'un double clic ; pour d'autres "
        "logiciels, prenez le CSV (UTF-8).",
        "Exactly the {rows} filtered rows, every column; the file is prepared on click. "
        "The file name says the filters and the data date. “CSV for Excel (FR)”: semicolons, "
        'decimal commas, a UTF-8 BOM and identifiers written ="…" so that they stay text (leading '
        "zeros, long numbers), what a French Excel opens with a double click; for other software, "
        "take the CSV (UTF-8).",
    ),
    "data_csv": ("CSV (UTF-8)", "CSV (UTF-8)"),
    "data_csv_excel": ("CSV pour Excel", "CSV for Excel (FR)"),
    "data_xlsx": ("Excel (XLSX)", "Excel (XLSX)"),
    "data_parquet": ("Parquet", "Parquet"),
    "data_too_large": (
        "{label} : trop de lignes pour un téléchargement depuis le navigateur (au-delà de {limit}). "
        "Téléchargez le Parquet (lisible par Excel via Power Query, Python, R, DuckDB) ou "
        "affinez les filtres.",
        "{label}: too many rows for a download from the browser (more than {limit}). Download the "
        "Parquet file (readable by Excel through Power Query, Python, R, DuckDB) or narrow the filters.",
    ),
    "data_dictionary": ("Dictionnaire des colonnes", "Column dictionary"),
    "dict_column": ("Colonne", "Column"),
    "dict_type": ("Type", "Type"),
    "dict_meaning": ("Description", "Meaning"),
    "data_supplier_filter": (
        "Lignes du seul titulaire {name} ({supplier}), choisi sur la page Titulaires.",
        "Rows of supplier {name} ({supplier}) only, picked on the Suppliers page.",
    ),
    "data_supplier_clear": ("Tous les titulaires", "All suppliers"),
    "group_not_applied": (
        "Le code CPV {group} ouvert sur la page Secteurs ne filtre que cette page-là : "
        "les chiffres ci-dessous suivent les filtres de la barre latérale.",
        "CPV code {group}, opened on the Sectors page, filters that page only: "
        "the figures below follow the sidebar filters.",
    ),
    "supplier_not_applied": (
        "Le titulaire {name} ({supplier}) choisi sur la page Titulaires ne filtre que les pages "
        "Titulaires et Données : les chiffres ci-dessous portent sur tous les titulaires.",
        "Supplier {name} ({supplier}), picked on the Suppliers page, filters the Suppliers and Data "
        "pages only: the figures below cover every supplier.",
    ),
    # method page (Méthode et qualité)
    "method_sources": ("Sources", "Sources"),
    "method_run": (
        "Base construite le {date} (version {version}) : {read} enregistrements lus, {loaded} contrats "
        "chargés, {duplicates} doublons écartés, {rejected} enregistrements rejetés, {concessions} "
        "concessions écartées (hors champ).",
        "Database built on {date} (version {version}): {read} records read, {loaded} contracts "
        "loaded, {duplicates} duplicates dropped, {rejected} records rejected, {concessions} "
        "concessions skipped (out of scope).",
    ),
    "method_sources_caption": (
        "Chaque fichier lu, avec sa licence, sa date et son empreinte sha256 pour vérifier qu'il "
        "s'agit bien du fichier publié.",
        "Every file read, with its licence, date and sha256 fingerprint, to check it is the published file.",
    ),
    "method_coverage": ("Couverture de la taille des entreprises", "Coverage of company size"),
    "method_basis": ("Origine de la taille", "Where the size comes from"),
    "method_award_rows": ("Attributions", "Awards"),
    "method_coverage_caption": (
        "Sur toute la base. « Publiée » (quand la source la donne) : champ du publicateur ; "
        "« SIRENE » : catégorie INSEE ; "
        "« aucune » : taille inconnue, montrée comme une part à part entière.",
        "Whole database. “Published” (when the source gives it): the publisher's field; “SIRENE”: "
        "INSEE category; "
        "“none”: size unknown, shown as a share of its own.",
    ),
    "method_sirene_years": (
        "Catégories SIRENE utilisées (année de la catégorie, anneeCategorieEntreprise de l'INSEE) : {years}.",
        "SIRENE categories used (the category's year, INSEE's anneeCategorieEntreprise): {years}.",
    ),
    "method_sirene_year": (
        "{year} pour {sirens} entreprises ({awards} attributions)",
        "{year} for {sirens} companies ({awards} awards)",
    ),
    "method_sirene_no_year": (
        "année non indiquée par le fichier SIRENE pour {sirens} entreprises ({awards} attributions)",
        "year not given by the SIRENE file for {sirens} companies ({awards} awards)",
    ),
    "sizebasis_source": ("Publiée", "Published"),
    "sizebasis_sirene": ("SIRENE (INSEE)", "SIRENE (INSEE)"),
    "sizebasis_none": ("Aucune", "None"),
    "method_rejected": ("Enregistrements rejetés", "Rejected records"),
    "method_none": ("Aucun.", "None."),
    "method_notes": (
        "Valeurs corrigées ou écartées (la valeur brute reste ici)",
        "Values corrected or set aside (the raw value stays here)",
    ),
    "method_flags": ("Marchés signalés", "Flagged contracts"),
    "method_flag": ("Signalement", "Flag"),
    "method_flags_caption": (
        "Gardés dans tous les chiffres (méthode, § 9, 10 et 13) ; la colonne quality_flags des "
        "téléchargements les nomme. Un marché signalé deux fois compte sous chaque signalement.",
        "Kept in every figure (method, §9, 10 and 13); the quality_flags column of the downloads names "
        "them. A contract flagged twice counts under each flag.",
    ),
    "flag_merged_uid": (
        "Plusieurs marchés sous un identifiant (merged_uid)",
        "Several contracts, one id (merged_uid)",
    ),
    "flag_cpv_repaired": ("Code CPV réparé (cpv_repaired)", "CPV code repaired (cpv_repaired)"),
    "flag_winner_id_placeholder": (
        "Titulaire sans identifiant (winner_id_placeholder)",
        "Winner without id (winner_id_placeholder)",
    ),
    "method_amount_flags": (
        "Montants : notre statut et le signalement de decp.info",
        "Amounts: our status and decp.info's own flag",
    ),
    "method_amount_status": ("Statut du montant (Observatoire)", "Amount status (Observatory)"),
    "method_flag_none": ("Sans signalement decp.info", "No decp.info flag"),
    "method_flag_suspect": ("« suspect »", "“suspect”"),
    "method_flag_aberrant": ("« aberrant »", "“aberrant”"),
    "method_flag_other": ("Autre valeur", "Other value"),
    "method_amount_flags_caption": (
        "Nombre de marchés. decp.info publie son propre contrôle des montants (montant_anomalie : "
        "« suspect » ou « aberrant », par comparaison avec des marchés semblables) ; nos règles "
        "(méthode, § 5) sont celles de l'équipe DECP du ministère. « Sans signalement » compte aussi "
        "les sources qui ne le publient pas (DECP 2019, l'extrait livré).",
        "Number of contracts. decp.info publishes its own check of the amounts (montant_anomalie: "
        "“suspect” or “aberrant”, against similar contracts); our rules (method, §5) are the French "
        "ministry's DECP team's. “No flag” also counts the sources that do not publish one (DECP "
        "2019, the shipped extract).",
    ),
    "method_published": ("Colonnes que la source peut ne pas donner", "Columns a source may leave out"),
    "method_column": ("Colonne", "Column"),
    "method_published_count": ("Publiée pour", "Published for"),
    "method_out_of": ("Sur", "Out of"),
    "method_published_caption": (
        "Par marché ; pour le titulaire (supplier_…), par attribution. Une valeur que la source ne donne "
        "pas reste vide, jamais devinée (méthode, § 14 ; dictionnaire des colonnes sur la page Données).",
        "Per contract; for the winner (supplier_…), per award. A value the source does not give stays "
        "empty, never guessed (method, §14; column dictionary on the Data page).",
    ),
    "download_csv": ("Télécharger (CSV)", "Download (CSV)"),
    "quality_report": ("Rapport de qualité", "Quality report"),
    "quality_intro": (
        "Sur toute la base, source par source : une source est le publieur que nomme "
        "l'enregistrement (DECP 2019), sinon le fichier. Les filtres ne s'appliquent pas ici.",
        "Whole database, source by source: a source is the publisher the record names (DECP 2019), "
        "else the file. The filters do not apply here.",
    ),
    "quality_completeness": (
        "Champs publiés, par source et par année",
        "Fields published, by source and year",
    ),
    "quality_completeness_caption": (
        "Part des marchés qui publient le champ. Montant : un nombre (les montants aberrants "
        "comptent) ; CPV et date : valides ; SIRET : chaque titulaire a un SIRET à 14 chiffres ; "
        "taille connue : part du poids des attributions dont la taille est connue (méthode, § 5).",
        "Share of contracts that publish the field. Amount: a number (aberrant amounts count); CPV "
        "and date: valid ones; SIRET: every winner has a 14-digit SIRET; size known: share of the "
        "award weight whose size is known (method, §5).",
    ),
    "quality_coverage": ("Taille connue, par année", "Size known, by year"),
    "quality_coverage_caption": (
        "Toutes sources : marchés attribués à une entreprise de taille connue (poids des "
        "attributions), sur tous les marchés de l'année.",
        "All sources: contracts awarded to a company of known size (award weight), over all the "
        "year's contracts.",
    ),
    "quality_sources": (
        "Par source : rejets, doublons, dernière notification",
        "By source: rejections, duplicates, latest notification",
    ),
    "quality_sources_caption": (
        "Rejetés : enregistrements inutilisables (motifs plus haut). Doublons écartés : "
        "enregistrements remplacés par un autre du même marché, anciennes versions d'un marché "
        "(méthode, § 1 et 2).",
        "Rejected: unusable records (reasons above). Duplicates dropped: records replaced by another "
        "of the same contract, older versions of a contract (method, §1 and 2).",
    ),
    "quality_amount": ("Montant", "Amount"),
    "quality_date": ("Date", "Date"),
    "quality_siret": ("SIRET", "SIRET"),
    "quality_bids": ("Offres", "Bids"),
    "quality_classified": ("Marchés de taille connue", "Contracts of known size"),
    "quality_first": ("Première notification", "First notification"),
    "quality_latest": ("Dernière notification", "Latest notification"),
    "method_aberrant": ("Montants aberrants", "Aberrant amounts"),
    "method_aberrant_count": (
        "{count} contrats au montant aberrant sous les filtres actuels (au plus {limit} listés), "
        "du plus grand au plus petit.",
        "{count} contracts with an aberrant amount under the current filters (at most {limit} "
        "listed), largest first.",
    ),
    "method_aberrant_many": (
        "Plus de {limit} contrats au montant aberrant sous les filtres actuels : les {limit} plus "
        "grands sont listés.",
        "More than {limit} contracts with an aberrant amount under the current filters: the "
        "{limit} largest are listed.",
    ),
    # Territoires (issue 15): the dept and region filters and the map page
    "page_territories": ("Territoires", "Territories"),
    "department": ("Département de l'acheteur", "Buyer's département"),
    "region": ("Région de l'acheteur", "Buyer's region"),
    "all_departments": ("Tous les départements", "All départements"),
    "all_regions": ("Toutes les régions", "All regions"),
    "country": ("Pays", "Country"),
    "by_country": ("Par pays", "By country"),
    "by_country_caption": (
        "La base tient plusieurs pays. La taille n'y est pas dite de la même façon : registre de "
        "l'INSEE en France (PME, ETI, GE, par groupe économique), taille déclarée ailleurs (PME ou "
        "grande entreprise). Chaque part est donnée avec sa base et ses montants dans la devise du "
        "pays, jamais additionnés entre pays (Méthode, § 18). Les autres graphiques montrent le pays "
        "choisi dans le filtre « Pays ».",
        "The database holds several countries. Size is not stated the same way: INSEE's register in "
        "France (SME, mid-cap, large, by economic group), a declared size elsewhere (SME or large). "
        "Each share is given with its basis and its amounts in the country's currency, never added "
        "across countries (Method, §18). The other charts show the country chosen in the "
        '"Country" filter.',
    ),
    "territories_france_only": (
        "Cette page place les marchés sur les départements et régions de France : ceux du pays "
        "choisi ({country}) n'y ont pas de place. Choisissez la France dans le filtre « Pays ».",
        "This page places contracts on France's départements and regions: those of the country "
        'chosen ({country}) have no place there. Choose France in the "Country" filter.',
    ),
    "col_size_vocabulary": ("Base de la taille", "Size basis"),
    "col_currency": ("Devise", "Currency"),
    "amount_in": ("Montant ({sign})", "Amount ({sign})"),
    "vocabulary_insee": ("registre INSEE (PME, ETI, GE)", "INSEE register (SME, mid-cap, large)"),
    "vocabulary_declared": ("déclarée (PME ou grande)", "declared (SME or large)"),
    "vocabulary_none": ("aucune", "none"),
    "filters_department": ("département {name}", "département {name}"),
    "filters_region": ("région {name}", "region {name}"),
    "territory_level": ("Carte par", "Map by"),
    "level_dept": ("département", "département"),
    "level_region": ("région", "region"),
    "territory": ("Territoire", "Territory"),
    "territory_pick": (
        "Choisir un territoire (filtre de toutes les pages)",
        "Choose a territory (filters every page)",
    ),
    "territories_map": ("Part PME selon le lieu de l'acheteur", "SME share by the buyer's place"),
    "territories_map_caption": (
        "Couleur : part PME des contrats dont l'acheteur est dans le territoire, {basis}, du plus "
        "clair (faible) au plus foncé (forte). En gris : moins de {few} contrats, une part qui bouge "
        "beaucoup d'un contrat à l'autre, ou aucun. Les titulaires de taille inconnue comptent au "
        "dénominateur sans avoir de couleur à eux : l'info-bulle donne la part de taille connue et "
        "l'intervalle de confiance à 95 % (Wilson, sur le nombre de contrats).",
        "Colour: SME share of the contracts whose buyer is in the territory, {basis}, from light "
        "(low) to dark (high). Grey: fewer than {few} contracts, a share that moves a lot from one "
        "contract to the next, or none. Winners of unknown size count in the denominator and have no "
        "colour of their own: the tooltip gives the part of known size and the 95% confidence "
        "interval (Wilson, on the number of contracts).",
    ),
    "territories_click": (
        "Un clic sur un territoire en couleur le choisit pour toutes les pages ; un clic à côté le retire.",
        "A click on a coloured territory chooses it for every page; a click beside it clears it.",
    ),
    "territories_outlines": (
        "Contours : IGN Admin Express COG 2018, INSEE COG 2018 (Licence Ouverte), "
        "via gregoiredavid/france-geojson.",
        "Outlines: IGN Admin Express COG 2018, INSEE COG 2018 (Licence Ouverte), "
        "via gregoiredavid/france-geojson.",
    ),
    "basis_words_count": ("en nombre de contrats", "by number of contracts"),
    "basis_words_amount": ("en montant", "by amount"),
    "territories_off_map": ("Outre-mer et lieu non publié", "Overseas and place not published"),
    "territories_off_map_text": (
        "{contracts} contrats ne sont pas sur la carte, qui ne dessine que la métropole : {overseas} "
        "d'un acheteur d'outre-mer et {unknown} dont la source ne publie pas le département de "
        "l'acheteur (un fichier DECP 2019 sans lieu d'exécution utilisable, par exemple). Ils "
        "comptent dans tous les totaux.",
        "{contracts} contracts are not on the map, which draws metropolitan France only: {overseas} "
        "of an overseas buyer and {unknown} whose source does not publish the buyer's département (a "
        "DECP 2019 file without a usable place of performance, for example). They count in every total.",
    ),
    "territories_off_map_where": (
        "Leurs chiffres sont dans l'onglet « {tab} ».",
        "Their figures are in the “{tab}” tab.",
    ),
    "territories_all_on_map": (
        "Tous les contrats sélectionnés sont sur la carte.",
        "Every selected contract is on the map.",
    ),
    "place_unknown": ("Lieu non publié", "Place not published"),
    "territories_ranking": ("Classement des territoires", "Territories ranked"),
    "territories_ranking_caption": (
        "Les territoires de la carte, de la plus forte part PME à la plus faible (les mêmes chiffres "
        "que la carte). IC 95 % : intervalle de Wilson de la part en nombre de contrats.",
        "The territories of the map, from the highest SME share to the lowest (the map's figures). "
        "95% CI: Wilson interval of the share by number of contracts.",
    ),
    "territories_download": ("Télécharger le classement (CSV)", "Download the ranking (CSV)"),
    "local_suppliers": ("Titulaires locaux", "Local suppliers"),
    "local_suppliers_intro": (
        "Où sont les titulaires des marchés {scope} : dans le département de l'acheteur, ou ailleurs.",
        "Where the winners of the contracts {scope} are: in the buyer's département, or elsewhere.",
    ),
    "scope_all": ("sélectionnés", "selected"),
    "scope_place": ("de {name}", "of {name}"),
    "supplier_place": ("Lieu du titulaire", "Supplier's place"),
    "place_local": ("Même département que l'acheteur", "Buyer's own département"),
    "place_outside": ("Autre département", "Another département"),
    "place_unknown_pair": ("Lieu de l'un ou l'autre non publié", "Either place not published"),
    "place_total": ("Ensemble", "All"),
    "part_count": ("Part des contrats", "Share of contracts"),
    "part_amount": ("Part du montant", "Share of amount"),
    "median_distance": ("Distance médiane (km)", "Median distance (km)"),
    "distance_none": (
        "La distance entre acheteur et titulaire (titulaire_distance de decp.info) n'est publiée pour "
        "aucun de ces contrats.",
        "The buyer–supplier distance (decp.info's titulaire_distance) is published for none of these "
        "contracts.",
    ),
    "distance_some": (
        "Distance médiane entre acheteur et titulaire : {km} km, sur les {awards} attributions qui la "
        "publient (titulaire_distance de decp.info).",
        "Median buyer–supplier distance: {km} km, over the {awards} awards that publish it (decp.info's "
        "titulaire_distance).",
    ),
}


NBSP = "\u00a0"


def french_spaces(text: str) -> str:
    """No-break spaces where French typography wants them: « 50 M€ », « 38 % », « 3 000 »,
    « PME ? », « Source : »."""
    text = re.sub(r"(\d) (?=\d{3}\b)", r"\1" + NBSP, text)
    text = re.sub(r"(\d) (?=k€|Md€|M€|€|%|milliards|millions|salariés)", r"\1" + NBSP, text)
    return re.sub(r" (?=[:;?!»])|(?<=«) ", NBSP, text)


# The ETL writes its rejection reasons and corrections in English (rejected_records.reason,
# quality_notes.note); the French page shows them in French when they are known here.
ETL_NOTES_FR: dict[str, str] = {
    "acheteur.id missing": "identifiant de l'acheteur (acheteur.id) absent",
    "acheteur_id missing": "identifiant de l'acheteur (acheteur_id) absent",
    "acheteur.id is a placeholder (zeros)": "identifiant de l'acheteur (acheteur.id) fait de zéros",
    "acheteur_id is a placeholder (zeros)": "identifiant de l'acheteur (acheteur_id) fait de zéros",
    "titulaires missing": "aucun titulaire publié",
    "id missing": "identifiant du marché (id) absent",
    "uid missing (no uid, acheteur_id + id)": "identifiant du marché absent (ni uid, ni acheteur_id + id)",
    "no titulaire with an id": "aucun titulaire identifié",
    "name not published: SIRENE denominationUniteLegale": (
        "nom non publié : dénomination SIRENE (denominationUniteLegale)"
    ),
    "record is not a JSON object": "enregistrement illisible (pas un objet JSON)",
    "before 2000: treated as missing": "avant 2000 : traitée comme manquante",
    "in the future: treated as missing": "dans le futur : traitée comme manquante",
    "not a date: treated as missing": "pas une date : traitée comme manquante",
    "not a CPV code: treated as missing": "pas un code CPV : traité comme manquant",
    "division not in CPV 2008 (a CPV 2003 code or a placeholder): treated as missing": (
        "division absente de la CPV 2008 (code CPV 2003 ou valeur bouche-trou) : traité comme manquant"
    ),
    "division not in CPV 2008: its trailing zero moved to the front (a 7-digit code padded at the end)": (
        "division absente de la CPV 2008 : son zéro final remis en tête "
        "(code de 7 chiffres complété par la fin)"
    ),
    "winner id of zeros with a published name: award kept without id, size unknown": (
        "identifiant du titulaire fait de zéros, avec un nom publié : attribution gardée sans identifiant, "
        "taille inconnue"
    ),
}


# The French texts with their no-break spaces, set once (before any value goes in).
_TEXTS_FR = {key: french_spaces(fr) for key, (fr, _) in TEXTS.items()}
_ETL_NOTES_FR = {note: french_spaces(fr) for note, fr in ETL_NOTES_FR.items()}


_JSON_TYPES_FR = {"varchar": "texte", "object": "objet", "boolean": "booléen"}


def etl_note(text: str, lang: Lang = "fr") -> str:
    """An ETL rejection reason or correction note in `lang` (as written when not known)."""
    if lang == "en":
        return text
    shape = re.fullmatch(r"titulaires is a (\w+), not a list", text)
    if shape:
        kind = _JSON_TYPES_FR.get(shape.group(1), "nombre")
        return f"titulaires publiés comme {kind}, pas comme une liste"
    return _ETL_NOTES_FR.get(text, text)


def t(key: str, lang: Lang = "fr", **values: object) -> str:
    """The text for `key` in `lang`, with {placeholders} filled from `values`."""
    text = TEXTS[key][1] if lang == "en" else _TEXTS_FR[key]
    return text.format(**values) if values else text


IGNORED_SHOWN = 5  # a junk link of 300 parameters must not make a warning taller than a phone


def ignored_warning(ignored: list[str], lang: Lang = "fr") -> str:
    """The warning of a link partly read: its first ignored values, then « et N autres »."""
    items = ", ".join(f"`{item}`" for item in ignored[:IGNORED_SHOWN])
    if len(ignored) > IGNORED_SHOWN:
        more = t("ignored_more", lang, more=fmt_int(len(ignored) - IGNORED_SHOWN, lang))
        items += f" {more}"
    return t("ignored_warning", lang, items=items)


def sirene_years_text(rows: list[tuple[int | None, int, int]], lang: Lang = "fr") -> str:
    """The Méthode line saying which years' SIRENE categories sized the winners, from
    (anneeCategorieEntreprise or None, SIRENs, award rows) rows; "" when SIRENE sized none."""
    parts = [
        t("method_sirene_year", lang, year=year, sirens=fmt_int(sirens, lang), awards=fmt_int(awards, lang))
        if year is not None
        else t("method_sirene_no_year", lang, sirens=fmt_int(sirens, lang), awards=fmt_int(awards, lang))
        for year, sirens, awards in rows
    ]
    return t("method_sirene_years", lang, years=", ".join(parts)) if parts else ""


def size_label(size_class: str, lang: Lang = "fr") -> str:
    """Display name of a size class (PME, ETI, GE, large, unknown)."""
    return t(f"size_{size_class}", lang)


def type_label(contract_type: str, lang: Lang = "fr") -> str:
    """Display name of a contract type (works, supplies, services, unknown)."""
    return t(f"type_{contract_type}", lang)


def status_label(amount_status: str, lang: Lang = "fr") -> str:
    """Display name of an amount status (ok, missing, aberrant)."""
    return t(f"status_{amount_status}", lang)


def bracket_label(bracket: str, lang: Lang = "fr") -> str:
    """Display name of an amount bracket (lt40k ... gt5.5M, unknown)."""
    return t(f"bracket_{bracket}", lang)


def _group(digits: str, sep: str) -> str:
    """Thousands groups of a string of digits."""
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sep.join(groups)


def fmt_int(value: float | None, lang: Lang = "fr") -> str:
    """A whole number with thousands separators: « 12 345 » / "12,345"; None -> « – »."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if lang == "en":
        return format_decimal(round(value), locale="en")
    # Not Babel in French: CLDR groups French digits with U+202F, a space many fonts lack; the
    # pages and the charts' d3 locale use U+00A0.
    return ("-" if value < 0 else "") + _group(str(round(abs(value))), NBSP)


def fmt_pct(share: float | None, lang: Lang = "fr", digits: int = 0) -> str:
    """A 0-1 share as a percentage: « 38 % » / "38%"; None -> « – ». Not Babel: it rounds the
    decimal value half-even (0.3815 -> 38,2 %), Python the binary float (38,1 %), as pinned."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    text = f"{share * 100:.{digits}f}"
    return text.replace(".", ",") + NBSP + "%" if lang == "fr" else text + "%"


def fmt_decimal(value: float | None, lang: Lang = "fr", digits: int = 2) -> str:
    """A number with `digits` decimals: « 0,98 » / "0.98"; None -> « – » (an index such as HHI)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text


_SIGNS = {"EUR": "€", "GBP": "£"}


def currency_sign(currency: str) -> str:
    """How an amount's currency is written: « € », « £ », else its ISO 4217 code (« PLN »)."""
    return _SIGNS.get(currency, currency)


def fmt_eur(amount: float | None, lang: Lang = "fr", currency: str = "EUR") -> str:
    """An amount, short: « 12,3 M€ », « 1,2 Md€ », « 850 k€ » / "€12.3M", "€1.2bn", "€850k"; in
    pounds « 12,3 M£ » / "£12.3M", in another currency its code: « 12,3 M PLN » / "PLN 12.3M"."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "–"
    sign = currency_sign(currency)
    gap = "" if currency in _SIGNS else NBSP
    steps = (
        (1e9, "Md", "bn"),
        (1e6, "M", "M"),
        (1e3, "k", "k"),
    )
    for size, fr_unit, en_unit in steps:
        if abs(amount) >= size:
            scaled = amount / size
            text = f"{scaled:.1f}" if abs(scaled) < 100 else f"{scaled:.0f}"
            if lang == "fr":
                return text.replace(".", ",") + NBSP + fr_unit + gap + sign
            return sign + gap + text + en_unit
    if lang == "fr":
        return fmt_int(amount, lang) + NBSP + sign
    return sign + gap + fmt_int(amount, lang)


def fmt_date(day: object, lang: Lang = "fr") -> str:
    """A date as « 4 avril 2019 », « 1er janvier 2025 » / "4 April 2019" (Babel's month names; the
    French « 1er » is the one thing CLDR does not write)."""
    if isinstance(day, dt.datetime):
        day = day.date()
    elif not isinstance(day, dt.date):
        day = dt.date.fromisoformat(str(day)[:10])
    text = format_date(day, "d MMMM y", locale=lang)
    return ("1er" + text[1:] if lang == "fr" and day.day == 1 else text).replace(" ", NBSP, 1)


def fmt_euros(amount: float | None, lang: Lang = "fr", currency: str = "EUR") -> str:
    """An amount to the unit: « 6 170 000 € » / "€6,170,000" (« 6 170 000 PLN » / "PLN 6,170,000");
    None -> « – »."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "–"
    sign = "-" if round(amount) < 0 else ""
    digits = fmt_int(abs(amount), lang)
    unit = currency_sign(currency)
    if lang == "fr":
        return f"{sign}{digits}{NBSP}{unit}"
    return f"{sign}{unit}{digits}" if currency in _SIGNS else f"{sign}{unit}{NBSP}{digits}"


def country_label(code: str, lang: Lang = "fr") -> str:
    """A country's name from its ISO 3166 alpha-2 code (CLDR's, through Babel): « Royaume-Uni » /
    "United Kingdom"; the code itself when CLDR has no name for it."""
    return Locale.parse(lang).territories.get(code.upper(), code)


def cpv_label(code: object, label_fr: object, label_en: object, lang: Lang = "fr") -> str:
    """« 45 Travaux de construction »: a CPV code and its label in `lang` (code alone if none)."""
    if not isinstance(code, str) or not code:
        return t("no_cpv", lang)
    label = label_en if lang == "en" else label_fr
    return f"{code} {label}" if isinstance(label, str) and label else code


def fmt_contracts(value: float | None, lang: Lang = "fr") -> str:
    """A weighted contract count: whole as « 12 345 », fractional with one decimal « 67,5 » / "67.5"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if abs(value - round(value)) < 0.05:
        return fmt_int(value, lang)
    text = fmt_int(math.trunc(value), lang) + f"{abs(value) % 1:.1f}"[1:]
    text = ("-" if value < 0 and not text.startswith("-") else "") + text
    return text.replace(".", ",") if lang == "fr" else text
