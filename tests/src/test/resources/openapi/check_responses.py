"""Checks real responses of the agent against its OpenAPI document, with the jsonschema library (Draft 2020-12).

Usage: check_responses.py OPENAPI_JSON < responses.json
responses.json is a list of {"path", "method", "status", "body"}: path as the document writes it
("/vms/{vmID}"), the method in lower case, the HTTP status as a string and the JSON body the agent sent.
Prints one line per response and exits 1 if any does not match its schema.
"""
import json
import sys

import jsonschema

document = json.load(open(sys.argv[1]))
resolver = jsonschema.RefResolver.from_schema(document)


def resolve(node):
    while isinstance(node, dict) and "$ref" in node:
        node = resolver.resolve(node["$ref"])[1]
    return node


failed = 0
for response in json.load(sys.stdin):
    where = "%s %s %s" % (response["method"].upper(), response["path"], response["status"])
    operation = document["paths"][response["path"]][response["method"]]
    answer = resolve(operation["responses"].get(response["status"]))
    if answer is None:
        print("FAIL %s: the document has no such response" % where)
        failed += 1
        continue
    content = answer["content"]
    media = "application/json" if "application/json" in content else "application/problem+json"
    validator = jsonschema.Draft202012Validator(content[media]["schema"], resolver=resolver,
                                                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(response["body"]), key=lambda e: list(e.path))
    if errors:
        failed += 1
        for error in errors[:5]:
            print("FAIL %s at %s: %s" % (where, "/".join(str(p) for p in error.path), error.message[:300]))
    else:
        print("ok %s" % where)
sys.exit(1 if failed else 0)
