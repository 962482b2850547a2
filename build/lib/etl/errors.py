"""Named errors of the ETL. Raised deep, caught only at the edge (the CLI maps them to exit 1)."""


class EtlError(Exception):
    """A build that must not publish: the message is one line naming the file and the reason."""


class SourceError(EtlError):
    """An input cannot be fetched, opened or recognised."""


class SchemaError(EtlError):
    """An input was recognised but lacks the fields its format requires."""


class DataQualityError(EtlError):
    """The loaded data fails a publication check (no usable contract, a check query returned rows)."""
