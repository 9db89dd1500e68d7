"""The scenario format as JSON Schema, from the pydantic models."""

from __future__ import annotations

from simulator.scenario.models import PersonaSpec, ScenarioSpec


def scenario_schema() -> dict:
    schema = ScenarioSpec.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "cuikuan scenario"
    return schema


def persona_schema() -> dict:
    schema = PersonaSpec.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "cuikuan persona"
    return schema
