#!/usr/bin/env python3
"""Validates openapi.yaml (repo root, or the path given) against the OpenAPI 3.x schema.

Uses openapi-spec-validator (`pip install openapi-spec-validator`). Without it, falls back to
structural checks with PyYAML (every $ref resolves, every operation has responses, every error
response uses the Error schema) and says so; set OPENAPI_STRICT=1 to fail instead.
Exit status: 0 valid, 1 invalid, 2 cannot check.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "openapi.yaml")
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def fail(msg, status=1):
    print(f"check_openapi: {msg}", file=sys.stderr)
    sys.exit(status)


def structural(doc):
    """The checks that need only a YAML parser."""
    problems = []
    if not str(doc.get("openapi", "")).startswith("3."):
        problems.append("'openapi' must be 3.x")
    for key in ("info", "paths", "components"):
        if key not in doc:
            problems.append(f"missing top-level '{key}'")

    def resolve(ref):
        if not ref.startswith("#/"):
            return None
        node = doc
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node

    def walk(node, where):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and resolve(ref) is None:
                problems.append(f"{where}: unresolved $ref {ref}")
            for k, v in node.items():
                walk(v, f"{where}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}[{i}]")

    walk(doc, "#")
    for path, item in (doc.get("paths") or {}).items():
        if not path.startswith("/"):
            problems.append(f"path {path!r} must start with /")
        for method, op in (item or {}).items():
            if method not in METHODS:
                continue
            responses = (op or {}).get("responses") or {}
            if not responses:
                problems.append(f"{method.upper()} {path}: no responses")
            for status, resp in responses.items():
                if "$ref" in resp:
                    resp = resolve(resp["$ref"]) or {}
                if str(status)[0] in "45":
                    schema = ((resp.get("content") or {}).get("application/json") or {}).get("schema") or {}
                    if schema.get("$ref") != "#/components/schemas/Error":
                        problems.append(f"{method.upper()} {path} {status}: error response without the Error schema")
    return problems


def main():
    if not os.path.exists(SPEC):
        fail(f"{SPEC} not found", 2)
    try:
        import yaml
    except ImportError:
        yaml = None
    try:
        from openapi_spec_validator import validate
        from openapi_spec_validator.readers import read_from_filename
    except ImportError:
        validate = None

    if validate is not None:
        try:
            doc, _ = read_from_filename(SPEC)
            validate(doc)
        except Exception as e:  # the validator's errors carry the failing path and reason
            where = "/".join(str(p) for p in getattr(e, "absolute_path", []) or [])
            reason = (getattr(e, "message", None) or str(e) or type(e).__name__).split(" within {")[0]
            fail(f"{SPEC} is not a valid OpenAPI document: {type(e).__name__}"
                 + (f" at {where}" if where else "") + f": {reason[:500]}")
    elif os.environ.get("OPENAPI_STRICT") == "1":
        fail("openapi-spec-validator is not installed (pip install openapi-spec-validator)", 2)
    elif yaml is None:
        print("check_openapi: neither openapi-spec-validator nor PyYAML is installed; skipped "
              "(pip install openapi-spec-validator)", file=sys.stderr)
        return
    else:
        print("check_openapi: openapi-spec-validator is not installed; structural checks only "
              "(pip install openapi-spec-validator)", file=sys.stderr)

    if yaml is not None:
        with open(SPEC, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        problems = structural(doc)
        if problems:
            fail("\n  " + "\n  ".join(problems))
    print(f"check_openapi: {os.path.relpath(SPEC)} OK"
          + ("" if validate is not None else " (structural checks only)"))


if __name__ == "__main__":
    main()
