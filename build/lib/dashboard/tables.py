"""Display tables under the charts: chosen columns, translated headers, numbers formatted for the
language (« 12,3 M€ », « 38,0 % »). Pure: pandas and i18n only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import pandas as pd

from dashboard.filters import Basis, Lang
from dashboard.i18n import cpv_label, fmt_contracts, fmt_eur, fmt_int, fmt_pct, size_label, t

# "contracts": a weighted count (a contract with n winners counts 1/n each), « 0,5 » not « 0 ».
Kind = Literal["text", "int", "contracts", "eur", "pct", "size"]
Column = tuple[str, str, Kind]  # (frame column, header text key, kind)


def _formatter(kind: Kind, lang: Lang) -> Callable[[object], object]:
    if kind == "int":
        return lambda v: fmt_int(v, lang)  # type: ignore[arg-type]
    if kind == "contracts":
        return lambda v: fmt_contracts(v, lang)  # type: ignore[arg-type]
    if kind == "eur":
        return lambda v: fmt_eur(v, lang)  # type: ignore[arg-type]
    if kind == "pct":
        return lambda v: fmt_pct(v, lang, 1)  # type: ignore[arg-type]
    if kind == "size":
        return lambda v: size_label(str(v), lang)
    return lambda v: "" if v is None or (isinstance(v, float) and v != v) else v


def display(frame: pd.DataFrame, spec: list[Column], lang: Lang) -> pd.DataFrame:
    """`frame`'s columns in `spec` order [(column, header text key, kind)], formatted, renamed."""
    return pd.DataFrame(
        {t(key, lang): frame[col].map(_formatter(kind, lang)).tolist() for col, key, kind in spec}
    )


def cpv_labelled(frame: pd.DataFrame, code_col: str, basis: Basis, lang: Lang) -> pd.DataFrame:
    """`frame` (CPV shares) with `code`, `label` (« 45 Travaux de construction ») and `share`
    (share_count or share_amount, per `basis`) columns."""
    codes = frame[[code_col, "label_fr", "label_en"]].itertuples(index=False)
    labels = [cpv_label(*row, lang) for row in codes]
    share = frame["share_amount" if basis == "amount" else "share_count"]
    return frame.assign(label=labels, share=share, code=frame[code_col])
