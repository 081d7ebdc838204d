"""The declarative base every table of the schema (`core.data.orm`) is declared on."""

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base of every table."""
