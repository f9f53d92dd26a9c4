"""Pydantic models of the congvan record and its JSON Schema."""

from congvan.schemas.record import SCHEMA_VERSION, Record, json_schema

__all__ = ["SCHEMA_VERSION", "Record", "json_schema"]
