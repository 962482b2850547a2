"""Texts exist in both languages with the same placeholders; numbers read « 12,3 M€ », « 38 % »."""

import datetime as dt
import string

import pytest

from dashboard.i18n import (
    TEXTS,
    bracket_label,
    cpv_label,
    etl_note,
    fmt_date,
    fmt_eur,
    fmt_euros,
    fmt_int,
    fmt_pct,
    french_spaces,
    size_label,
    t,
    type_label,
)
from dashboard.method_text import method_markdown

NBSP = "\u00a0"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_has_both_languages_with_the_same_placeholders(key: str) -> None:
    fr, en = TEXTS[key]
    assert fr.strip()
    assert en.strip()
    assert _fields(fr) == _fields(en)


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (0.384, "fr", f"38{NBSP}%"),
        (0.384, "en", "38%"),
        (1.0, "fr", f"100{NBSP}%"),
        (0.0, "en", "0%"),
        (None, "fr", "–"),
        (float("nan"), "en", "–"),
    ],
)
def test_fmt_pct(value: float | None, lang: str, expected: str) -> None:
    assert fmt_pct(value, lang) == expected


def test_fmt_pct_with_digits() -> None:
    assert fmt_pct(0.15225, "fr", 1) == f"15,2{NBSP}%"
    assert fmt_pct(0.15225, "en", 1) == "15.2%"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (12_345_678, "fr", f"12,3{NBSP}M€"),
        (12_345_678, "en", "€12.3M"),
        (103_092_584.5, "fr", f"103{NBSP}M€"),
        (1_234_000_000, "fr", f"1,2{NBSP}Md€"),
        (1_234_000_000, "en", "€1.2bn"),
        (850_000, "fr", f"850{NBSP}k€"),
        (40_000, "en", "€40.0k"),
        (850, "fr", f"850{NBSP}€"),
        (850, "en", "€850"),
        (None, "fr", "–"),
    ],
)
def test_fmt_eur(value: float | None, lang: str, expected: str) -> None:
    assert fmt_eur(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1_234_567, "fr", f"1{NBSP}234{NBSP}567"),
        (1_234_567, "en", "1,234,567"),
        (185.99999999999997, "fr", "186"),
        (999, "en", "999"),
        (-1234, "en", "-1,234"),
        (None, "en", "–"),
    ],
)
def test_fmt_int(value: float | None, lang: str, expected: str) -> None:
    assert fmt_int(value, lang) == expected


def test_vocabularies() -> None:
    assert [size_label(s, "fr") for s in ("PME", "ETI", "GE", "large", "unknown")] == [
        "PME",
        "ETI",
        "Grande entreprise",
        "Non-PME (sans détail)",
        "Taille inconnue",
    ]
    assert [type_label(c, "fr") for c in ("works", "supplies", "services")] == [
        "Travaux",
        "Fournitures",
        "Services",
    ]
    assert [type_label(c, "en") for c in ("works", "supplies", "services")] == [
        "Works",
        "Supplies",
        "Services",
    ]
    assert bracket_label("215k-5.5M", "fr") == "215\u00a0k€–5,5\u00a0M€"
    assert bracket_label("lt40k", "en") == "< €40k"


def test_t_fills_placeholders_and_cpv_label_falls_back_to_the_code() -> None:
    assert t("vs_all", "en", value="39%") == "All buyers: 39%"
    assert cpv_label("45", "Travaux de construction", "Construction work", "fr") == (
        "45 Travaux de construction"
    )
    assert cpv_label("45", "Travaux de construction", "Construction work", "en") == ("45 Construction work")
    assert cpv_label("12", None, float("nan"), "en") == "12"
    assert cpv_label(None, None, None, "fr") == "Sans code CPV"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Source : x ; y ?", "Source\u00a0: x\u00a0; y\u00a0?"),
        ("« Méthode »", "«\u00a0Méthode\u00a0»"),
        ("38 % et 5,5 M€, 40 k€, 3 Md€", "38\u00a0% et 5,5\u00a0M€, 40\u00a0k€, 3\u00a0Md€"),
        ("jusqu'à 2 000 ; 2019 2024", "jusqu'à 2\u00a0000\u00a0; 2019 2024"),
        ("https://x.fr:8080", "https://x.fr:8080"),
    ],
)
def test_french_spaces(text: str, expected: str) -> None:
    assert french_spaces(text) == expected


def test_french_texts_get_no_break_spaces_but_not_their_values() -> None:
    assert t("footer", "fr", sources="a : b", licences="L", date="1er\u00a0janvier 2025") == (
        "Source\u00a0: a : b. Licence\u00a0: L. Données au 1er\u00a0janvier 2025."
    )
    assert t("footer", "en", sources="a", licences="L", date="1 January 2025") == (
        "Source: a. Licence: L. Data as of 1 January 2025."
    )


def test_method_names_the_replacement_characters_of_the_published_names() -> None:
    assert "« \ufffd » à la place d'une lettre accentuée" in method_markdown("fr").replace("\u00a0", " ")
    assert "“\ufffd” in place of an accented letter" in method_markdown("en")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("no titulaire with an id", "fr", "aucun titulaire identifié"),
        ("no titulaire with an id", "en", "no titulaire with an id"),
        ("before 2000: treated as missing", "fr", "avant 2000\u00a0: traitée comme manquante"),
        ("a reason added later", "fr", "a reason added later"),
        ("id missing", "fr", "identifiant du marché (id) absent"),
        ("titulaires is a varchar, not a list", "fr", "titulaires publiés comme texte, pas comme une liste"),
        ("titulaires is a bigint, not a list", "fr", "titulaires publiés comme nombre, pas comme une liste"),
        ("titulaires is a varchar, not a list", "en", "titulaires is a varchar, not a list"),
    ],
)
def test_etl_notes_read_in_french(text: str, lang: str, expected: str) -> None:
    assert etl_note(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        (
            "fr",
            [
                "dont la date de notification est **celle de la modification**",
                "Un marché notifié en 2019 et modifié en 2024 compte ainsi en 2019, à son montant actuel.",
                "« Accord-cadre » dans `techniques`",
                "c'est ce code qui est pris, noté et signalé (`cpv_repaired`)",
                "un identifiant de 4 caractères ou moins (« 2024 »)",
                "signalé (`winner_id_placeholder`)",
                "comparé plus bas à notre statut du montant (§ 5)",
            ],
        ),
        (
            "en",
            [
                "whose notification date is **the modification's**",
                "A contract notified in 2019 and amended in 2024 thus counts in 2019, at its current amount.",
                "“Accord-cadre” in `techniques`",
                "that code is taken, noted and flagged (`cpv_repaired`)",
                "an id of 4 characters or fewer (“2024”)",
                "flagged (`winner_id_placeholder`)",
                "compared below with our amount status (§5)",
            ],
        ),
    ],
)
def test_method_states_the_rules_of_issue_12(lang: str, phrases: list[str]) -> None:
    """Versions, 2024+ frameworks, CPV repair, merged uids, placeholder winners, decp.info's flag."""
    text = " ".join(method_markdown(lang).replace("\u00a0", " ").split())  # type: ignore[arg-type]
    assert [p for p in phrases if p not in text] == []


@pytest.mark.parametrize(
    ("amount", "lang", "expected"),
    [
        (6_170_000.0, "fr", "6\u00a0170\u00a0000\u00a0€"),
        (999_999_999.0, "fr", "999\u00a0999\u00a0999\u00a0€"),
        (0.0, "fr", "0\u00a0€"),
        (21_387.95, "fr", "21\u00a0388\u00a0€"),
        (-1_500.0, "fr", "-1\u00a0500\u00a0€"),
        (6_170_000.0, "en", "€6,170,000"),
        (None, "fr", "–"),
    ],
)
def test_euros_to_the_euro_whatever_the_browser(amount: float | None, lang: str, expected: str) -> None:
    """Issue 17, finding 2: Données and Méthode showed « €6,170,000.00 » (the browser's locale)."""
    assert fmt_euros(amount, lang) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "lang", "currency", "short", "whole"),
    [
        (1_262_000_000.0, "fr", "GBP", f"1,3{NBSP}Md£", f"1{NBSP}262{NBSP}000{NBSP}000{NBSP}£"),
        (1_262_000_000.0, "en", "GBP", "£1.3bn", "£1,262,000,000"),
        (850.0, "fr", "PLN", f"850{NBSP}PLN", f"850{NBSP}PLN"),
        (12_345_678.0, "en", "PLN", f"PLN{NBSP}12.3M", f"PLN{NBSP}12,345,678"),
        (1_500.0, "en", "SEK", f"SEK{NBSP}1.5k", f"SEK{NBSP}1,500"),
    ],
)
def test_an_amount_says_its_currency(amount: float, lang: str, currency: str, short: str, whole: str) -> None:
    """Issue 16: tiles and tables say the currency the amounts are summed in (Method §18)."""
    assert fmt_eur(amount, lang, currency) == short  # type: ignore[arg-type]
    assert fmt_euros(amount, lang, currency) == whole  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "lang", "expected"),
    [
        (dt.date(2019, 4, 4), "fr", "4\u00a0avril 2019"),
        (dt.date(2025, 1, 1), "fr", "1er\u00a0janvier 2025"),
        (dt.datetime(2024, 12, 26, 5, 15, tzinfo=dt.UTC), "fr", "26\u00a0décembre 2024"),
        ("2024-08-01", "fr", "1er\u00a0août 2024"),
        (dt.date(2019, 4, 4), "en", "4\u00a0April 2019"),
        (dt.date(2025, 1, 1), "en", "1\u00a0January 2025"),
    ],
)
def test_dates_in_words(day: object, lang: str, expected: str) -> None:
    assert fmt_date(day, lang) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"), [(12345, "12,345"), (-1500.4, "-1,500"), (7, "7"), (0.5, "0")]
)
def test_english_whole_numbers(value: float, expected: str) -> None:
    assert fmt_int(value, "en") == expected
