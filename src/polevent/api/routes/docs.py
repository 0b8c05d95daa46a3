"""GET /docs: the API reference rendered on the server from the OpenAPI schema (/openapi.json), so it
needs no Swagger assets from a CDN."""
from __future__ import annotations

from fastapi import APIRouter, Request

router = APIRouter(include_in_schema=False)


def _schema_type(schema: dict) -> str:
    if "anyOf" in schema:
        return " or ".join(_schema_type(s) for s in schema["anyOf"])
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    bounds = [f"{k} {schema[k]}" for k in ("minimum", "maximum", "minLength", "maxLength") if k in schema]
    return schema.get("type", "any") + (f" ({', '.join(bounds)})" if bounds else "")


def _body_fields(spec: dict, op: dict) -> list[dict]:
    content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    ref = content.get("schema", {}).get("$ref")
    if not ref:
        return []
    schema = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    required = set(schema.get("required", []))
    return [{"name": name, "type": _schema_type(s), "required": name in required,
             "description": s.get("description", "")} for name, s in schema.get("properties", {}).items()]


def operations(spec: dict) -> list[dict]:
    """One entry per path and method, with its parameters, body fields and response codes."""
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            ops.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "tag": (op.get("tags") or [""])[0],
                "params": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                            "type": _schema_type(p.get("schema", {})), "description": p.get("description", "")}
                           for p in op.get("parameters", [])],
                "body": _body_fields(spec, op),
                "responses": sorted(op.get("responses", {})),
            })
    return ops


@router.get("/docs")
def docs_page(request: Request):
    spec = request.app.openapi()
    return request.app.state.templates.TemplateResponse(
        request, "docs.html", {"info": spec["info"], "operations": operations(spec)})
