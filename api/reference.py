"""The browsable reference page: the OpenAPI schema rendered as plain HTML on the site's own template.

drf-spectacular's Swagger UI and Redoc pages load scripts and styles from a CDN (or inline), which the site's
strict Content-Security-Policy refuses and which this server may not reach; a page made from the same schema
needs neither (docs/architecture.md, "The read API").
"""

from typing import Any

from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator


def operations(schema: dict) -> list[dict]:
    """Return each operation of the schema with its parameters and the fields of its 200 response, in path order."""
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for route, methods in schema["paths"].items():
        for method, operation in methods.items():
            found.append(
                {
                    "method": method.upper(),
                    "path": route,
                    "summary": operation.get("description", ""),
                    "parameters": operation.get("parameters", []),
                    "fields": response_fields(operation, components),
                    "statuses": sorted(operation.get("responses", {})),
                }
            )
    return found


def response_fields(operation: dict, components: dict) -> list[tuple[str, str]]:
    """Return (name, description) of the item fields a 200 response holds, following a page's ``results``."""
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    schema = components.get(schema.get("$ref", "").rsplit("/", 1)[-1], schema)
    items = schema.get("properties", {}).get("results", {}).get("items")
    if items:
        schema = components.get(items.get("$ref", "").rsplit("/", 1)[-1], items)
    return [(name, field.get("description", "")) for name, field in schema.get("properties", {}).items()]


class ReferenceView(TemplateView):
    template_name = "api/reference.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return super().get_context_data(info=schema["info"], operations=operations(schema), **kwargs)
