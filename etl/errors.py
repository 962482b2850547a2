"""Named errors of the ETL. Raised deep, caught only at the edge (the CLI maps them to exit 1)."""


class EtlError(Exception):
    """A build that must not publish: the message is one line naming the file and the reason."""


class SourceError(EtlError):
    """An input cannot be fetched, opened or recognised."""


class SchemaError(EtlError):
    """An input was recognised but lacks the fields its format requires."""


class DataQualityError(EtlError):
    """The loaded data fails a publication check (no usable contract, a check query returned rows)."""


def unsafe_xml(label: str, exc: Exception) -> SourceError:
    """The one refusal of an XML file that defusedxml would not parse (a DTD declaring entities or
    pointing outside the file): never expanded, since an entity expansion can be an XML bomb."""
    return SourceError(
        f"{label}: XML that declares entities or external resources ({type(exc).__name__}): "
        "refused, an entity expansion can be an XML bomb"
    )
