"""Checks an API answer against the OpenAPI document the site publishes, as a client generated from it would."""

import jsonschema_rs

DOCUMENT_URL = "/api/v3/openapi.json"


def response_errors(client, url: str, params: dict | None = None) -> list[str]:
    """The ways the 200 answer of GET `url` differs from its published schema (empty when it conforms)."""
    document = client.get(DOCUMENT_URL).json()
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:500]
    path = url.split("?")[0]
    operation = document["paths"][path]["get"]
    schema = dict(operation["responses"]["200"]["content"]["application/json"]["schema"])
    schema["components"] = document["components"]  # so that "#/components/schemas/..." resolves
    validator = jsonschema_rs.Draft202012Validator(schema)
    errors = validator.iter_errors(response.json())
    return [f"{'/'.join(map(str, error.instance_path))}: {error.message}" for error in errors]
