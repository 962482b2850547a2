"""The one way to show a table: chosen columns, headers in the page's language, numbers written
for that language (« 6 170 000 € », « 12,3 M€ », « 38,0 % ») whatever the browser's locale, and
still sorted by value when a reader clicks a header (a pandas Styler: the figures stay numbers,
only their display is text); or the same texts as a static HTML table, whose rows the query
orders (Données). Pure: pandas and i18n only."""

from __future__ import annotations

import html
from collections.abc import Callable, Collection
from typing import Literal

import pandas as pd
from pandas.io.formats.style import Styler

from dashboard.filters import SIZE_CLASSES, Basis, Lang
from dashboard.i18n import (
    cpv_label,
    fmt_contracts,
    fmt_decimal,
    fmt_eur,
    fmt_euros,
    fmt_int,
    fmt_pct,
    size_label,
    status_label,
    t,
)

# "contracts": a weighted count (a contract with n winners counts 1/n each), « 0,5 » not « 0 ».
# "eur": short (« 12,3 M€ ») for totals; "euros": to the euro (« 6 170 000 € ») for one contract.
# "index": a number from 0 to 1 that is not a share (HHI), « 0,98 ».
# "size", "status": codes shown by their labels; "date": the day of a timestamp; "year": « 2024 »;
# "yesno": a boolean as « Oui » / « Non ».
Kind = Literal[
    "text", "int", "contracts", "eur", "euros", "pct", "index", "size", "status", "date", "year", "yesno"
]
Column = tuple[str, str, Kind]  # (frame column, header text key, kind)

NUMBERS: frozenset[Kind] = frozenset({"int", "contracts", "eur", "euros", "pct", "index", "year"})


def _missing(value: object) -> bool:
    return bool(pd.isna(value))  # type: ignore[arg-type]


def _number_format(kind: Kind, lang: Lang, currency: str = "EUR") -> Callable[[object], str]:
    """How a numeric column reads (its values stay numbers); amounts in `currency`."""
    formats: dict[Kind, Callable[[float], str]] = {
        "int": lambda v: fmt_int(v, lang),
        "contracts": lambda v: fmt_contracts(v, lang),
        "eur": lambda v: fmt_eur(v, lang, currency),
        "euros": lambda v: fmt_euros(v, lang, currency),
        "pct": lambda v: fmt_pct(v, lang, 1),
        "index": lambda v: fmt_decimal(v, lang),
        "year": lambda v: str(int(v)),
    }
    write = formats[kind]
    return lambda v: "–" if _missing(v) else write(float(v))  # type: ignore[arg-type]


def _text(kind: Kind, lang: Lang) -> Callable[[object], object]:
    """What a text column shows (its values become these texts)."""
    if kind == "size":
        return lambda v: size_label(str(v), lang)
    if kind == "status":
        return lambda v: status_label(str(v), lang)
    if kind == "yesno":
        return lambda v: "–" if _missing(v) else t("yes" if v else "no", lang)
    if kind == "date":
        return lambda v: "–" if _missing(v) else str(v)[:10]
    return lambda v: "–" if _missing(v) else v


Writers = dict[str, Callable[[object], str]]


def _columns(
    frame: pd.DataFrame, cols: list[tuple[str, str, Kind]], lang: Lang, currency: str = "EUR"
) -> tuple[pd.DataFrame, Writers]:
    """The displayed frame of `cols` [(column, header text, kind)] (numbers as numbers, codes as
    labels) and the writer of each numeric column."""
    data = pd.DataFrame(
        {
            header: (
                pd.to_numeric(frame[col], errors="coerce")
                if kind in NUMBERS
                else frame[col].map(_text(kind, lang))
            ).tolist()
            for col, header, kind in cols
        },
        columns=[header for _, header, _ in cols],
    )
    writers = {header: _number_format(kind, lang, currency) for _, header, kind in cols if kind in NUMBERS}
    return data, writers


def _headed(spec: list[Column], lang: Lang) -> list[tuple[str, str, Kind]]:
    return [(col, t(key, lang), kind) for col, key, kind in spec]


def _styled(data: pd.DataFrame, writers: Writers) -> Styler:
    return data.style.format(writers)  # type: ignore[arg-type]


def in_currencies(spec: list[Column], frame: pd.DataFrame, currency: str) -> list[Column]:
    """`spec` for rows that may be in several currencies (frame's `currency`): when a row is in
    another one than `currency`, amounts are plain numbers and a currency column follows the last
    of them (Method §18); else (or with no amount in `spec`) `spec` as it is."""
    amounts = [i for i, (_, _, kind) in enumerate(spec) if kind in ("eur", "euros")]
    if not amounts or "currency" not in frame or frame["currency"].dropna().eq(currency).all():
        return spec
    plain: list[Column] = [(col, key, "int" if kind in ("eur", "euros") else kind) for col, key, kind in spec]
    return [*plain[: amounts[-1] + 1], ("currency", "col_currency", "text"), *plain[amounts[-1] + 1 :]]


def year_labels(years: pd.Series, lang: Lang) -> pd.Series:
    """Notification years as texts, « 2019 », and « Sans date » / "No date" where missing."""
    return years.map(lambda y: t("year_undated", lang) if _missing(y) else str(int(y)))  # type: ignore[arg-type]


def display(frame: pd.DataFrame, spec: list[Column], lang: Lang, currency: str = "EUR") -> Styler:
    """`frame`'s columns in `spec` order [(column, header text key, kind)], under translated headers:
    numbers kept as numbers (sorted by value) and written for `lang`, amounts in `currency`, codes
    as labels."""
    return _styled(*_columns(frame, _headed(spec, lang), lang, currency))


def wide(frame: pd.DataFrame, first: Column, kind: Kind, lang: Lang) -> Styler:
    """A pivoted table: its `first` column as in `display`, then every other column of `frame` under
    its own name (a year), all of one `kind`."""
    rest = [(str(c), str(c), kind) for c in frame.columns if c != first[0]]
    return _styled(*_columns(frame.rename(columns=str), [*_headed([first], lang), *rest], lang))


def texts(frame: pd.DataFrame, spec: list[Column], lang: Lang, currency: str = "EUR") -> pd.DataFrame:
    """The texts `display` shows, cell by cell."""
    data, writers = _columns(frame, _headed(spec, lang), lang, currency)
    return data.astype(object).assign(**{c: data[c].map(w) for c, w in writers.items()})


# Static tables (static_html): a cell of a wrapped column longer than this keeps its whole text in
# a tooltip too, as it may be cut after three lines (shown whole on hover).
CLAMPED_CHARS = 60


def static_html(
    frame: pd.DataFrame,
    spec: list[Column],
    lang: Lang,
    currency: str = "EUR",
    wrap: Collection[str] = (),
    descending: str = "",
    prose: Collection[str] = (),
) -> str:
    """`display`'s table as a static HTML table (the texts of `texts`, in class `static-table`):
    figures right-aligned in class `num`, the columns whose header text keys are in `wrap` on up to
    three lines (class `wrap`), those in `prose` on as many as they need (class `prose`), the
    others on one line. No sorting by the reader: the query orders the rows, by the column whose
    header text key is `descending` when one is (aria-sort)."""
    cells = texts(frame, spec, lang, currency)
    kinds = [
        "num" if kind in NUMBERS else "wrap" if key in wrap else "prose" if key in prose else ""
        for _, key, kind in spec
    ]
    classes = [f' class="{kind}"' if kind else "" for kind in kinds]
    sorts = [' aria-sort="descending"' if key == descending else "" for _, key, _ in spec]

    def cell(value: object, kind: str, attr: str) -> str:
        text = html.escape(str(value))
        if kind != "wrap":
            return f"<td{attr}>{text}</td>"
        tip = f' title="{text}"' if len(str(value)) > CLAMPED_CHARS else ""
        return f"<td{attr}{tip}><div>{text}</div></td>"

    head = "".join(
        f'<th scope="col"{attr}{sort}>{html.escape(str(name))}</th>'
        for name, attr, sort in zip(cells.columns, classes, sorts, strict=True)
    )
    body = "".join(
        "<tr>" + "".join(map(cell, row, kinds, classes)) + "</tr>" for row in cells.itertuples(index=False)
    )
    return f'<table class="static-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def size_split(frame: pd.DataFrame, order: list[str], header: str, lang: Lang) -> Styler:
    """The table under a size split chart (charts.size_split_frame): one row per category in
    `order` (its column headed by the text key `header`), one share column per size present."""
    table = frame.pivot_table(index="category", columns="size_class", values="share", aggfunc="sum")
    table = table.reindex(index=[c for c in order if c in table.index]).rename_axis(index="category")
    sizes: list[Column] = [(s, f"size_{s}", "pct") for s in SIZE_CLASSES if s in table.columns]
    return display(table.reset_index(), [("category", header, "text"), *sizes], lang)


def cpv_labels(frame: pd.DataFrame, code_col: str, lang: Lang) -> list[str]:
    """« 45 Travaux de construction » for each row of `frame` (its `code_col`, label_fr, label_en)."""
    return [
        cpv_label(*row, lang) for row in frame[[code_col, "label_fr", "label_en"]].itertuples(index=False)
    ]


def cpv_labelled(frame: pd.DataFrame, code_col: str, basis: Basis, lang: Lang) -> pd.DataFrame:
    """`frame` (CPV shares) with `code`, `label` (« 45 Travaux de construction ») and `share`
    (share_count or share_amount, per `basis`) columns."""
    share = frame["share_amount" if basis == "amount" else "share_count"]
    return frame.assign(label=cpv_labels(frame, code_col, lang), share=share, code=frame[code_col])
