"""The Method (DESIGN.md §Method) in plain words, French and English, for the « Méthode et qualité » page.

Pure: Markdown strings only. Keep in step with etl/ and DESIGN.md when a rule changes.
"""

from __future__ import annotations

from dashboard.filters import Lang
from dashboard.i18n import french_spaces

_METHOD_FR = """
**Ce que montre l'Observatoire.** Pour chaque marché public publié, qui l'a remporté : une PME,
une entreprise de taille intermédiaire (ETI) ou une grande entreprise (GE). Les chiffres viennent
des données essentielles de la commande publique (DECP), publiées sous Licence Ouverte.

1. **Qu'est-ce qu'une PME ?** La catégorie d'entreprise de l'INSEE (décret n° 2008-1354 du
   18 décembre 2008) : PME = moins de 250 salariés et au plus 50 M€ de chiffre d'affaires ou
   43 M€ de bilan ; ETI = moins de 5 000 salariés ; GE = au-delà. On prend d'abord la catégorie
   fournie dans le fichier publié quand elle existe (champ `titulaire_categorie` du fichier
   consolidé decp.info, qui la tire de l'INSEE), sinon la catégorie SIRENE de l'INSEE retrouvée
   par le SIREN du titulaire. Sans catégorie publiée, un titulaire sans SIRET (TVA, hors UE)
   reste de taille inconnue, de même qu'une entreprise absente du fichier SIRENE. **Rien n'est
   deviné** : quand la taille est inconnue, elle est montrée comme une part à part entière
   (« Taille inconnue »), jamais répartie entre les autres. L'année pour laquelle l'INSEE a
   calculé les catégories utilisées (`anneeCategorieEntreprise`), quand le fichier SIRENE la
   donne, est indiquée sous le tableau de couverture. Un nom d'acheteur ou de titulaire que la
   source ne publie pas (le format DECP 2022 n'en publie aucun) est repris de la dénomination
   SIRENE de l'entreprise (`denominationUniteLegale`, par son SIREN) ; un nom publié n'est
   jamais remplacé, et chaque nom repris est compté plus bas, avec les valeurs corrigées.
2. **Les groupements.** Un marché remporté à plusieurs (co-traitance) est partagé à parts
   égales : chacun des *n* titulaires compte pour 1/*n* marché et 1/*n* du montant.
3. **Les parts.** Part PME en nombre = marchés (pondérés) remportés par des PME / tous les
   marchés. En montant = montants des PME / tous les montants valides. Chaque part est aussi
   donnée parmi les seuls titulaires dont la taille est connue, avec la couverture
   (part des marchés dont la taille est connue).
4. **Les accords-cadres.** Le montant publié d'un accord-cadre est un **plafond** (le maximum
   qui pourra être commandé), pas une dépense : il peut gonfler les totaux. Ils sont reconnus à
   leur nature publiée (« Accord-cadre ») ou, depuis 2024 (format 2022, qui n'a plus cette
   nature), à leurs techniques d'achat (« Accord-cadre » dans `techniques`), et comptés par
   défaut ; décocher « Inclure les accords-cadres » les retire. Un marché subséquent passé sous un
   accord-cadre garde l'identifiant de celui-ci (`framework_id`) et compte comme un marché : son
   montant est une commande. Un fichier qui ne publie ni la nature ni les techniques (l'extrait
   tabulaire livré) n'en signale aucun.
5. **Les montants aberrants** sont exclus des sommes par défaut (jamais supprimés ; un filtre
   les réintègre). Règles de l'équipe DECP du ministère : un montant inférieur à 1 € ou supérieur
   à 3 milliards d'euros ; au-dessus de 100 millions, une suite d'au moins sept chiffres
   identiques non nuls dans la partie entière (199 999 999, 777 777 777 ; un montant rond comme
   400 000 000 reste valide) ; une partie entière qui commence par 123456789 ; les valeurs
   bouche-trou 999999999 et 12311111111. Un montant absent ou non numérique est « manquant ».
6. **Doublons et versions.** Un marché est identifié par le SIRET de l'acheteur et son
   identifiant. Publié plusieurs fois, il n'est gardé qu'une fois : la publication la plus
   récente. Les modifications (avenants) donnent le montant, la durée et les titulaires actuels ;
   le marché garde sa propre date de notification, donc son année, et son montant initial
   (`amount_initial`). Dans le fichier tabulaire decp.info, chaque modification est une version
   complète du marché, dont la date de notification est **celle de la modification** : la
   version initiale (`modification_id` = 0, sinon la plus ancienne `dateNotification` du marché)
   donne la date, l'année et le montant initial ; la version actuelle (les lignes marquées
   `donneesActuelles`, sinon le plus grand `modification_id`, sinon la plus récente
   `dateNotification`, puis la plus récente `datePublicationDonnees`, puis la dernière ligne
   lue) donne le montant, la durée et les titulaires. Un marché notifié en 2019 et modifié en
   2024 compte ainsi en 2019, à son montant actuel. Au format DECP 2022 (JSON ou XML, publié
   depuis 2024), la version actuelle prend le dernier montant, la dernière durée et les derniers
   titulaires publiés dans l'ordre des modifications, et entre copies republiées d'un même marché
   (sa date de publication ne change pas), celle qui a le plus de modifications ; un « NC » (non
   communiqué) y est une valeur manquante, comptée plus bas. `modifications` compte les versions
   après la première. Entre publications d'un même marché (format DECP 2019, ou plusieurs fichiers), seules
   les utilisables se départagent : une publication plus récente mais rejetée laisse la
   précédente ; dans un fichier tabulaire, la version actuelle est choisie d'abord, et si elle est
   inutilisable le marché est rejeté. Chaque doublon écarté est compté (tableau des sources
   ci-dessous) ; dans le fichier tabulaire, un enregistrement est une ligne (un titulaire d'une
   version), si bien que les lignes lues sont plus nombreuses que les marchés chargés, rejetés
   et doublons réunis : les lignes des cotitulaires font la différence.
7. **Les années** sont celles de la notification. Une date avant 2000 ou dans le futur est
   traitée comme manquante (la valeur brute reste dans les valeurs écartées, plus bas). Un contrat sans
   date a sa propre barre « Sans date » dans la répartition par année ; dès qu'une période est
   choisie, il n'y entre pas, et la Vue d'ensemble et la page Données disent combien de contrats
   restent ainsi de côté. La
   tendance d'un acheteur et la carte secteur × année, qui n'ont qu'un axe des années, ne le
   montrent pas.
8. **Caractères illisibles.** Certains noms d'acheteurs et de titulaires publiés par l'AIFE
   montrent « \ufffd » à la place d'une lettre accentuée (« Soci\ufffdt\ufffd ») : le fichier source est
   ainsi, et l'Observatoire le montre tel quel plutôt que de deviner la lettre.
9. **Titulaires et rejets.** Le partage d'un marché se fait par identifiant publié (le SIRET
   d'un établissement), chacun compté une fois même s'il est listé deux fois. Quand plusieurs
   établissements d'une même entreprise sont cotitulaires d'un marché, chacun reçoit sa part, et
   l'entreprise (son SIREN, voir §11) y compte pour la somme de ces parts (par exemple
   3 × ¼ = 0,75 marché) : le nombre de marchés d'une entreprise sur la page Titulaires peut donc
   être inférieur au nombre de marchés distincts de ses lignes dans Données.
   Dans le fichier tabulaire, les titulaires d'un marché sont les lignes de sa
   version actuelle (même date de notification, même montant, même date de publication). Un
   enregistrement sans acheteur, sans identifiant ou sans aucun titulaire identifié ne peut pas
   être attribué : il est écarté et compté parmi les enregistrements rejetés, avec son motif
   (tableau ci-dessous). Un identifiant fait uniquement de zéros (« 00000000000000 ») ne
   désigne personne. Publié avec un vrai nom de titulaire, c'est un titulaire réel dont
   l'identifiant est inconnu : le marché est gardé, l'attribution n'a pas d'identifiant, sa
   taille est inconnue, et le marché est signalé (`winner_id_placeholder`) ; il ne figure pas
   parmi les titulaires (page Titulaires), faute de pouvoir le suivre d'un marché à l'autre.
   Avec un nom qui dit qu'il n'y a pas de titulaire (« SANS SUITE », « PAS DE CANDIDAT »,
   « NÉANT », « 0 ») ou sans nom, il compte comme absent ; un acheteur fait de zéros aussi. Les
   contrats de concession ne sont pas des marchés : ils sont comptés à part et
   écartés.
10. **Secteurs (CPV).** Le code CPV perd son chiffre de contrôle (« 50700000-2 » → 50700000) et
   retrouve un zéro initial perdu (« 3000000 » → 03000000). Un code dont la division n'existe
   pas dans la nomenclature CPV 2008 (ancien code CPV 2003 en 74…, bouche-trou 12345678) est
   traité comme manquant (« Sans code CPV ») ; la valeur brute reste dans les valeurs écartées.
   Exception : decp.info complète un code de 7 chiffres par un zéro **à la fin** ; « 09310000 »,
   qui avait perdu son zéro initial, devient « 93100000 », d'une division qui n'existe pas.
   Quand un tel code se termine par 0 et que remettre ce zéro en tête donne un code de la CPV
   2008, c'est ce code qui est pris, noté et signalé (`cpv_repaired`).
11. **Ce que les pages appellent…** *Le titulaire* est une entreprise (son SIREN : tous ses
   établissements ensemble). *Le type de marché* vient de la division CPV (45 : travaux ;
   jusqu'à 44 et 48 : fournitures ; les autres : services ; sans code CPV : « Type inconnu »).
   *La phrase d'accroche* (« En 2024, les PME… ») parle de la dernière année qui compte au moins
   un dixième des contrats de l'année la plus fournie, pour qu'une année à peine commencée ne
   parle pas pour toute la période. *Les acheteurs comparables* d'un acheteur sont ceux dont la
   division CPV la plus fréquente (toutes années, quels que soient les filtres) est la même et
   qui ont, sous les filtres, de deux fois moins à deux fois plus de contrats que lui.
12. **Une taille datée.** La catégorie SIRENE vient d'un stock daté (2022 pour l'échantillon
   livré) : la catégorie d'une entreprise peut changer d'une année à l'autre, et une entreprise
   créée depuis n'y figure pas (taille inconnue). Le fichier SIRENE livré ne couvre que les
   entreprises dont le siège avait déjà remporté un marché publié avant fin 2022 : les
   titulaires plus récents de l'échantillon (2024) sont souvent de taille inconnue.
13. **Identifiants qui semblent réunir plusieurs marchés.** Certains acheteurs publient plusieurs
   marchés (des lots, une année d'achats) sous un même identifiant : un identifiant de 4
   caractères ou moins (« 2024 »), deux montants pour une même date de notification (une
   version n'a qu'un montant), ou 10 dates de notification ou plus (un marché modifié neuf fois
   est rare). Ces marchés sont gardés tels que publiés (leur dernière version), comptés dans les
   chiffres et signalés (`merged_uid`, dans la colonne quality_flags des téléchargements) ; leur
   nombre est donné plus bas.
14. **Colonnes publiées telles quelles.** Le département, la région, la commune et la catégorie
   de l'acheteur, le département, la région et la distance du titulaire, les techniques d'achat,
   la sous-traitance déclarée, le caractère innovant, les considérations sociales et
   environnementales, le type de groupement, le CCAG et la part d'origine France viennent du
   fichier decp.info quand il les donne. Le format DECP 2019 n'a que le lieu d'exécution : son
   département est pris quand le type de code le donne (un code département ; un code commune
   INSEE ou un code postal, par leurs deux premiers chiffres, trois outre-mer ; un code postal
   corse, 20…, ne dit pas 2A ou 2B et reste vide ; quelques communes ont le code postal d'un
   département voisin). Une valeur que la source ne donne pas reste vide, jamais devinée, et le
   tableau plus bas compte combien de marchés la publient.
15. **Le signalement de decp.info.** decp.info publie son propre contrôle des montants
   (`montant_anomalie` : « suspect » ou « aberrant », par comparaison avec des marchés
   semblables). Il est gardé (`publisher_amount_flag`) et comparé plus bas à notre statut du
   montant (§ 5), qui seul décide de ce qui entre dans les sommes.
16. **Territoires.** Un marché est placé au département de son **acheteur** (celui que publie
   decp.info, ou celui du lieu d'exécution en DECP 2019, § 14), et à sa région : celle que
   publie decp.info, sinon celle du département (carte des régions de 2016). La carte ne dessine
   que la métropole (contours IGN Admin Express 2018) ; les marchés d'un acheteur d'outre-mer et
   ceux dont le département n'est pas publié sont dans un tableau à part, sous le classement des
   territoires, comptés dans tous les
   totaux. Un territoire de moins de 30 marchés reste gris : sa part bouge trop d'un marché à
   l'autre. L'intervalle de confiance à 95 % est celui de Wilson, sur le nombre de marchés. Un
   titulaire est « local » quand son établissement est dans le département de l'acheteur ; la
   distance est celle que calcule decp.info (`titulaire_distance`), quand il la publie.
17. **Concurrence (page « Concurrence »).** Chaque indicateur suit les mêmes filtres et compte les
   marchés comme ailleurs (un marché à *n* titulaires pour 1/*n* chacun).
   - *Offre unique* : part des marchés qui n'ont reçu qu'une offre (`offresRecues` = 1), **parmi
     ceux dont le nombre d'offres est publié** ; la couverture est toujours donnée. Sans aucun
     nombre publié, le taux est « non publié », jamais 0 %. La *médiane des offres* est le plus
     petit nombre tel qu'au moins la moitié de ces marchés en ont reçu au plus autant. Une seule
     offre n'est pas la preuve d'une faute : un marché très spécialisé peut n'intéresser qu'une
     entreprise.
   - *Sans mise en concurrence* : part des marchés, en nombre et en montant, passés « sans
     publicité ni mise en concurrence préalable », parmi ceux dont la procédure est publiée.
     Chaque libellé de procédure publié (vocabulaires 2019 et 2022, variantes d'écriture) est
     rangé dans une famille : ouverte, restreinte, négociée avec publicité, sans publicité ni mise
     en concurrence, procédure adaptée (MAPA), autre ; la table est plus bas. Une procédure
     adaptée sous 40 000 € peut être passée sans publicité : elle reste « adaptée ».
   - *Concentration* d'un acheteur : parts du montant (valide) remportées par son premier
     titulaire et ses trois premiers, indice de Herfindahl-Hirschman (HHI, somme des carrés des
     parts de chaque titulaire, regroupé par SIREN : 1,0 pour un seul titulaire, 0,5 pour deux à
     parts égales), et nombre de titulaires distincts pour 10 marchés. Les montants des
     accords-cadres sont des plafonds (§ 4).
   - *Situation de rente* : un titulaire qui remporte au moins un tiers du montant d'un acheteur
     dans une même division CPV, trois années de suite ou plus. La liste donne l'acheteur, le
     titulaire et sa taille, la division, les années, le montant et sa part ; un lien ouvre ses
     marchés dans Données.
   - Un taux d'offre unique d'acheteur reposant sur moins de 10 nombres publiés n'est pas donné ;
     le classement des acheteurs ne retient que ceux d'au moins 10 marchés (modifiable), avec
     l'intervalle de Wilson à 95 % du taux d'offre unique.
   - *Titulaires locaux* : comme sur la page Territoires (§ 16), sous les filtres choisis.
   - *Clauses* : part PME des marchés réservés, innovants et à sous-traitance déclarée, quand la
     source publie ces champs.
18. **Autres pays, devises et vocabulaires de taille.** La base peut aussi tenir des marchés
   d'autres pays, publiés en OCDS (Open Contracting) ou au TED (Journal officiel de l'UE).
   - *Deux façons de dire la taille, qui ne se valent pas.* En France, la catégorie vient du
     **registre de l'INSEE** (PME, ETI, GE), calculée par groupe économique (une filiale d'un grand
     groupe n'est pas une PME). Ailleurs, la taille est **déclarée** : l'entreprise ou l'acheteur
     coche « PME » ou non (OCDS `parties[].details.scale` : micro, small, medium, sme et
     selfEmployed sont des PME, large une grande entreprise ; TED : `<SME/>` / `<NO_SME/>` ou
     eForms BT-165). Une déclaration n'est ni vérifiée ni calculée par groupe : les parts PME de
     deux pays qui n'ont pas la même base ne se comparent qu'avec prudence. Quand la base contient
     plusieurs pays, la vue d'ensemble donne la part PME de chacun **avec sa base**, jamais un
     total qui les mélangerait.
   - *Un pays à la fois.* Le filtre « Pays » n'apparaît que si la base tient plusieurs pays ; la
     France est montrée par défaut quand elle est présente.
   - *Jamais de somme entre devises.* Les montants d'un pays sont additionnés dans sa devise (celle
     de la plupart de ses marchés) ; un marché publié dans une autre devise compte dans les parts en
     nombre, jamais dans une somme de montants. Les tuiles et les tableaux disent la devise.
"""

_METHOD_EN = """
**What the Observatory shows.** For each published public contract, who won it: a small or
medium-sized company (SME, « PME »), a mid-cap (ETI) or a large company (GE). The figures come
from France's essential public procurement data (DECP), published under the Licence Ouverte.

1. **What is an SME?** INSEE's company category (decree no. 2008-1354 of 18 December 2008):
   SME = fewer than 250 employees and at most €50M turnover or €43M balance sheet; mid-cap =
   fewer than 5,000 employees; large company = beyond. The category given in the published file
   comes first when there is one (the `titulaire_categorie` field of decp.info's consolidated
   file, which takes it from INSEE), else INSEE's SIRENE category found through the winner's
   SIREN. With no published category, a winner with no SIRET (VAT number, outside the EU) keeps
   an unknown size, as does a company missing from the SIRENE file. **Nothing is guessed**: when
   the size is unknown it is shown as a share of its own (“Size unknown”), never spread over the
   others. The year for which INSEE computed the categories used (`anneeCategorieEntreprise`),
   when the SIRENE file gives it, is given under the coverage table. A buyer's or winner's name
   that the source does not publish (the DECP 2022 format publishes none) is taken from the
   company's SIRENE name (`denominationUniteLegale`, through its SIREN); a published name is
   never replaced, and each name taken is counted below, with the corrected values.
2. **Joint bids (groupements).** A contract won by several companies is split equally: each of
   the *n* winners counts for 1/*n* contract and 1/*n* of the amount.
3. **Shares.** SME share by count = (weighted) contracts won by SMEs / all contracts. By amount
   = SME amounts / all valid amounts. Each share is also given among winners whose size is
   known only, with the coverage (share of contracts whose size is known).
4. **Framework agreements.** A framework agreement's published amount is a **ceiling** (the
   most that may be ordered), not spending: it can inflate totals. They are recognised by their
   published nature (“Accord-cadre”) or, from 2024 (the 2022 format, which has no such nature),
   by their purchasing techniques (“Accord-cadre” in `techniques`), and counted by default;
   unticking “Include framework agreements” takes them out. A call-off contract under a framework
   keeps the framework's id (`framework_id`) and counts as a contract: its amount is an order. A
   file that publishes neither the nature nor the techniques (the shipped tabular extract) flags
   none.
5. **Aberrant amounts** are left out of sums by default (never deleted; a filter puts them
   back). The French ministry's DECP team rules: an amount below €1 or above €3 billion; above
   €100 million, a run of seven or more identical non-zero digits in the integer part
   (199,999,999, 777,777,777; a round amount like 400,000,000 stays valid); an integer part
   starting with 123456789; the placeholders 999999999 and 12311111111. An amount that is
   absent or not a number is “missing”.
6. **Duplicates and versions.** A contract is identified by the buyer's SIRET and its id.
   Published several times, it is kept once: the latest publication. Modifications (amendments)
   give the current amount, duration and winners; the contract keeps its own notification date,
   so its year, and its initial amount (`amount_initial`). In the decp.info tabular file each
   modification is a full version of the contract whose notification date is **the
   modification's**: the initial version (`modification_id` = 0, else the contract's earliest
   `dateNotification`) gives the date, the year and the initial amount; the current version (the
   rows flagged `donneesActuelles`, else the highest `modification_id`, else the latest
   `dateNotification`, then the latest `datePublicationDonnees`, then the last row read) gives
   the amount, duration and winners. A contract notified in 2019 and amended in 2024 thus counts
   in 2019, at its current amount. In the DECP 2022 format (JSON or XML, published since 2024),
   the current version takes the last amount, duration and winners published in modification
   order, and between republished copies of one contract (its publication date never changes)
   the one with the most modifications; an “NC” (not communicated) there is a missing value,
   counted below. `modifications` counts the versions after the first. Between
   publications of one contract (DECP 2019 format, or
   several files), only usable ones compete: a newer but rejected publication leaves the previous
   one; in a tabular file the current version is chosen first, and when it is unusable the
   contract is rejected. Every dropped duplicate is counted (see the sources table below);
   in the tabular file a record is a row (one winner of one version), so rows read outnumber
   contracts loaded, rejected and duplicates together: the co-winners' rows make the difference.
7. **Years** are notification years. A date before 2000 or in the future is treated as missing
   (the raw value stays in the set-aside values, below). An undated contract has its own "No date" bar in
   the split by year; once years are chosen it falls outside them, and the Overview and Data pages
   say how many contracts are left out that way. A buyer's trend and the sector × year map, which only have a
   year axis, do not show it.
8. **Unreadable characters.** Some buyer and supplier names published by the AIFE show
   “\ufffd” in place of an accented letter (“Soci\ufffdt\ufffd”): the source file is like that, and
   the Observatory shows it as is rather than guess the letter.
9. **Winners and rejections.** A contract is shared by published id (an establishment's
   SIRET), each counted once even when listed twice. When several establishments of one company
   are co-winners of a contract, each gets its share, and the company (its SIREN, see §11)
   counts for the sum of those shares (3 × ¼ = 0.75 contract, say), so a company's number of
   contracts on the Suppliers page can be below the number of distinct contracts of its rows on
   the Data page.
   In the tabular file, a contract's winners are the rows of its current version (same notification
   date, amount and publication date). A record with no buyer, no id or no identified winner
   cannot be attributed: it is left out and counted among the rejected records, with its reason
   (table below). An id made of zeros only (“00000000000000”) names nobody. Published with a
   real winner's name, it is a real winner whose id is unknown: the contract is kept, the award
   has no id, its size is unknown, and the contract is flagged (`winner_id_placeholder`); it is
   not among the suppliers (Suppliers page), as it cannot be followed from one contract to the
   next. With a name saying there was no winner (“SANS SUITE”, “PAS DE CANDIDAT”, “NÉANT”,
   “0”) or no name, it counts as missing; so does a buyer of zeros. Concession contracts
   are not procurement contracts (marchés): they are counted apart and left out.
10. **Sectors (CPV).** A CPV code loses its check digit (“50700000-2” → 50700000) and regains a
   lost leading zero (“3000000” → 03000000). A code whose division does not exist in the CPV 2008
   nomenclature (an old CPV 2003 code in 74…, the placeholder 12345678) is treated as missing
   (“No CPV code”); the raw value stays in the set-aside values. One exception: decp.info pads a
   7-digit code with a zero **at the end**, so “09310000”, having lost its leading zero, becomes
   “93100000”, in a division that does not exist. When such a code ends in 0 and moving that zero
   to the front gives a CPV 2008 code, that code is taken, noted and flagged (`cpv_repaired`).
11. **What the pages call…** *A supplier* is a company (its SIREN: all its establishments
   together). *The contract type* comes from the CPV division (45: works; up to 44 and 48:
   supplies; the others: services; no CPV code: “Type unknown”). *The headline* (“In 2024,
   SMEs…”) speaks of the latest year holding at least a tenth of the contracts of the busiest
   year, so that a year barely begun does not speak for the whole period. *A buyer's comparable
   buyers* are those with the same most frequent CPV division (all years, whatever the filters)
   and, under the filters, half to twice as many contracts.
12. **A dated size.** The SIRENE category comes from a dated stock (2022 for the shipped
   sample): a company's category can change from one year to the next, and a company created
   since is not in it (size unknown). The shipped SIRENE file only covers companies whose head
   office had won a published contract by the end of 2022: the sample's later winners (2024)
   often have an unknown size.
13. **Ids that seem to merge several contracts.** Some buyers publish several contracts (lots, a
   year of purchases) under one id: an id of 4 characters or fewer (“2024”), two amounts for one
   notification date (a version has one amount), or 10 notification dates or more (a contract
   amended nine times is rare). These contracts are kept as published (their latest version),
   counted in the figures and flagged (`merged_uid`, in the quality_flags column of the
   downloads); their number is given below.
14. **Columns as published.** The buyer's département, region, municipality and category, the
   winner's département, region and distance, the purchasing techniques, declared
   subcontracting, innovation, social and environmental considerations, grouping type, CCAG and
   share of French origin come from the decp.info file when it gives them. The DECP 2019 format
   only has the place of execution: its département is taken when its code type gives one (a
   département code; an INSEE municipality code or a postal code, by their first two digits,
   three overseas; a Corsican postal code, 20…, says neither 2A nor 2B and stays empty; a few
   municipalities have a neighbouring département's postal code). A value the source does not
   give stays empty, never guessed, and the table below counts how many contracts publish it.
15. **decp.info's own flag.** decp.info publishes its own check of the amounts
   (`montant_anomalie`: “suspect” or “aberrant”, against similar contracts). It is kept
   (`publisher_amount_flag`) and compared below with our amount status (§5), which alone decides
   what enters the sums.
16. **Territories.** A contract is placed in its **buyer's** département (as decp.info publishes
   it, or from the place of performance in DECP 2019, §14) and in its region: decp.info's, else
   the département's (the 2016 map of regions). The map draws metropolitan France only (IGN Admin
   Express 2018 outlines); the contracts of an overseas buyer and those whose département is not
   published are in a table of their own, under the ranking of the territories, and count in every
   total. A territory of fewer than 30
   contracts stays grey: its share moves too much from one contract to the next. The 95%
   confidence interval is Wilson's, on the number of contracts. A supplier is “local” when its
   establishment is in the buyer's département; the distance is decp.info's
   (`titulaire_distance`), where it publishes one.
17. **Competition (the “Competition” page).** Every indicator follows the same filters and counts
   contracts as elsewhere (a contract with *n* winners counts 1/*n* for each).
   - *Single bid*: the share of contracts that received one bid (`offresRecues` = 1), **among
     those whose number of bids is published**; the coverage is always given. With no published
     count the rate is “not published”, never 0%. The *median number of bids* is the smallest
     number such that at least half of those contracts received at most that many. A single bid is
     not proof of wrongdoing: a very specialised contract may interest only one firm.
   - *No call for competition*: the share of contracts, by count and by amount, awarded “without
     prior publication or competition”, among those whose procedure is published. Every published
     procedure label (2019 and 2022 vocabularies, spelling variants) belongs to one family: open,
     restricted, negotiated with publication, without publication or competition, adapted
     procedure (MAPA), other; the table is below. An adapted procedure under €40,000 may be
     awarded without publication: it stays “adapted”.
   - A buyer's *concentration*: the shares of its (valid) amount won by its top supplier and its
     top three, the Herfindahl-Hirschman index (HHI, the sum of each supplier's squared share,
     suppliers grouped by SIREN: 1.0 for one supplier, 0.5 for two equal ones), and distinct
     suppliers per 10 contracts. Framework agreements' amounts are ceilings (§4).
   - *Incumbency*: one supplier winning at least a third of a buyer's amount in one CPV division,
     three or more years in a row. The list gives the buyer, the supplier and its size, the
     division, the years, the amount and its share; a link opens its contracts in Data.
   - A buyer's single-bid rate over fewer than 10 published counts is not given; the buyer ranking
     keeps buyers with at least 10 contracts (adjustable), with the single-bid rate's 95% Wilson
     interval.
   - *Local suppliers*: as on the Territories page (§16), under the chosen filters.
   - *Clauses*: the SME share of reserved, innovative and subcontracting contracts, when the
     source publishes those fields.
18. **Other countries, currencies and size vocabularies.** The database may also hold contracts
   of other countries, published as OCDS (Open Contracting) or on TED (the EU's Official Journal).
   - *Two ways of stating a size, which are not the same.* In France, the category comes from
     **INSEE's register** (PME, ETI, GE), computed by economic group (a large group's subsidiary is
     not an SME). Elsewhere, the size is **declared**: the company or the buyer ticks "SME" or not
     (OCDS `parties[].details.scale`: micro, small, medium, sme and selfEmployed are SMEs, large a
     large company; TED: `<SME/>` / `<NO_SME/>` or eForms BT-165). A declaration is neither checked
     nor computed by group: the SME shares of two countries on different bases compare only with
     care. When the database holds several countries, the overview gives each one's SME share
     **with its basis**, never a total that would mix them.
   - *One country at a time.* The "Country" filter appears only when the database holds several
     countries; France is shown by default when present.
   - *Never a sum across currencies.* A country's amounts are added in its currency (that of most
     of its contracts); a contract published in another currency counts in the count shares, never
     in an amount sum. Tiles and tables say the currency.
"""


def method_markdown(lang: Lang = "fr") -> str:
    """The Method as Markdown in `lang`."""
    return _METHOD_EN if lang == "en" else french_spaces(_METHOD_FR)
