"""Méthode et qualité: the Method in plain words, the sources (licence, file date, sha256), the
coverage of company size, duplicates dropped, rejected records and the aberrant amounts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries, ui
from dashboard.i18n import (
    etl_note,
    fmt_contracts,
    fmt_int,
    fmt_pct,
    sirene_years_text,
    size_label,
    status_label,
    t,
)
from dashboard.method_text import method_markdown

ABERRANT_ROWS = 1000
# Column headers of the quality tables: (français, English).
HEADERS = {
    "source_name": ("Source", "Source"),
    "label": ("Description", "Description"),
    "path": ("Fichier", "File"),
    "format": ("Format", "Format"),
    "licence": ("Licence", "Licence"),
    "file_date": ("Publié le (sinon date du fichier)", "Published (else file date)"),
    "sha256": ("sha256", "sha256"),
    "bytes": ("Octets", "Bytes"),
    "records_read": ("Lus", "Read"),
    "records_loaded": ("Chargés", "Loaded"),
    "records_rejected": ("Rejetés", "Rejected"),
    "duplicates_dropped": ("Doublons écartés", "Duplicates dropped"),
    "concessions_skipped": ("Concessions écartées", "Concessions skipped"),
    "reason": ("Motif", "Reason"),
    "records": ("Enregistrements", "Records"),
    "example_ref": ("Exemple", "Example"),
    "field": ("Champ", "Field"),
    "note": ("Motif", "Reason"),
    "example_value": ("Exemple de valeur brute", "Example raw value"),
    "contract_uid": ("Marché", "Contract"),
    "buyer_id": ("SIRET acheteur", "Buyer SIRET"),
    "buyer_name": ("Acheteur", "Buyer"),
    "year": ("Année", "Year"),
    "amount": ("Montant publié (€)", "Published amount (€)"),
    "object": ("Objet", "Object"),
}


def _headers(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`frame` with its columns named in `lang`."""
    return frame.rename(columns={k: v[1] if lang == "en" else v[0] for k, v in HEADERS.items()})


f = ui.filters()
st.markdown(method_markdown(f.lang))

st.header(t("method_sources", f.lang))
inputs = ui.query(queries.inputs_by_source)
runs = ui.query(queries.runs_by_date)
if not runs.empty:
    run = runs.iloc[0]
    st.write(
        t(
            "method_run",
            f.lang,
            date=ui.fmt_date(run["finished_at"], f.lang),
            version=run["tool_version"],
            read=fmt_int(run["records_read"], f.lang),
            loaded=fmt_int(run["records_loaded"], f.lang),
            duplicates=fmt_int(run["duplicates_dropped"], f.lang),
            rejected=fmt_int(run["records_rejected"], f.lang),
            concessions=fmt_int(run["concessions_skipped"], f.lang),
        )
    )
sources = inputs.assign(path=inputs["path"].map(lambda p: str(p).rsplit("/", 1)[-1]))
sources["file_date"] = sources["file_date"].map(lambda d: "–" if pd.isna(d) else str(d)[:10])
ui.data_table(_headers(sources, f.lang))
st.caption(t("method_sources_caption", f.lang))

st.header(t("method_coverage", f.lang))
basis = ui.query(queries.awards_by_size_basis)
total = basis["contracts"].sum()
known = basis.loc[basis["size_class"] != "unknown", "contracts"].sum()
st.metric(t("coverage", f.lang), fmt_pct(known / total if total else None, f.lang))
coverage = pd.DataFrame(
    {
        t("method_basis", f.lang): basis["size_basis"].map(lambda b: t(f"sizebasis_{b}", f.lang)),
        t("size_class", f.lang): basis["size_class"].map(lambda s: size_label(str(s), f.lang)),
        t("method_award_rows", f.lang): basis["award_rows"].map(lambda v: fmt_int(v, f.lang)),
        t("contracts", f.lang): basis["contracts"].map(lambda v: fmt_contracts(v, f.lang)),
        t("share", f.lang): (basis["contracts"] / total).map(lambda v: fmt_pct(v, f.lang, 1)),
    }
)
ui.data_table(coverage)
st.caption(t("method_coverage_caption", f.lang))
years = ui.query(queries.sirene_units_by_category_year)
if not years.empty:
    rows = [(None if pd.isna(y) else int(y), s, a) for y, s, a in years.itertuples(index=False)]
    st.caption(sirene_years_text(rows, f.lang))

st.header(t("method_rejected", f.lang))
rejected = ui.query(queries.rejected_by_reason)
if rejected.empty:
    st.write(t("method_none", f.lang))
else:
    rejected["reason"] = rejected["reason"].map(lambda r: etl_note(str(r), f.lang))
    ui.data_table(_headers(rejected, f.lang))
notes = ui.query(queries.quality_notes_by_note)
if not notes.empty:
    st.subheader(t("method_notes", f.lang))
    notes["note"] = notes["note"].map(lambda n: etl_note(str(n), f.lang))
    ui.data_table(_headers(notes, f.lang))

st.header(t("method_flags", f.lang))
flags = ui.query(queries.contracts_by_quality_flag)
ui.data_table(
    pd.DataFrame(
        {
            t("method_flag", f.lang): flags["quality_flag"].map(lambda q: t(f"flag_{q}", f.lang)),
            t("contracts", f.lang): flags["contracts"].map(lambda v: fmt_int(v, f.lang)),
        }
    )
)
st.caption(t("method_flags_caption", f.lang))
st.subheader(t("method_amount_flags", f.lang))
cross = ui.query(queries.contracts_by_amount_flag)
ui.data_table(
    pd.DataFrame(
        {
            t("method_amount_status", f.lang): cross["amount_status"].map(
                lambda s: status_label(str(s), f.lang)
            )
        }
        | {
            t(f"method_{flag}", f.lang): cross[flag].map(lambda v: fmt_int(v, f.lang))
            for flag in ("flag_none", "flag_suspect", "flag_aberrant", "flag_other")
        }
    )
)
st.caption(t("method_amount_flags_caption", f.lang))
st.subheader(t("method_published", f.lang))
published = ui.query(queries.published_by_column)
ui.data_table(
    pd.DataFrame(
        {
            t("method_column", f.lang): published["column_name"],
            t("method_published_count", f.lang): published["published"].map(lambda v: fmt_int(v, f.lang)),
            t("method_out_of", f.lang): published["out_of"].map(lambda v: fmt_int(v, f.lang)),
            t("share", f.lang): (published["published"] / published["out_of"]).map(
                lambda v: fmt_pct(v, f.lang, 1)
            ),
        }
    )
)
st.caption(t("method_published_caption", f.lang))

st.header(t("method_aberrant", f.lang))
# One row more than shown: its presence says the list is cut (its length is then not the count).
aberrant = ui.query(queries.contracts_by_aberrant_amount, f, ABERRANT_ROWS + 1)
limit = fmt_int(ABERRANT_ROWS, f.lang)
if len(aberrant) > ABERRANT_ROWS:
    aberrant = aberrant.head(ABERRANT_ROWS)
    st.write(t("method_aberrant_many", f.lang, limit=limit))
else:
    st.write(t("method_aberrant_count", f.lang, count=fmt_int(len(aberrant), f.lang), limit=limit))
if not aberrant.empty:
    shown = aberrant.assign(year=aberrant["year"].map(lambda y: "–" if pd.isna(y) else str(int(y))))
    ui.data_table(
        _headers(shown, f.lang),
        column_config={HEADERS["amount"][f.lang == "en"]: st.column_config.NumberColumn(format="euro")},
    )
