"""The one error shape of everything under /api/v1/, decided once:

    {"error": {"code": "not_found", "message": "Not found.", "details": {}}}

Here, below every app, because platform middleware that refuses a request
before any view runs (config.security) answers API paths in it too; the API's
own handlers are in api.errors."""


def error_body(code: str, message: str, details: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details or {}}}
