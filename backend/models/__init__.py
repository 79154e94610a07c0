"""The model layer: one declaration per shape the API, list files and the seed exchange.

Request validation (backend/api/validation.py), the OpenAPI document (backend/api/openapi.py)
and list files (backend/listfile.py) all come from these classes. To add a shape (disputes,
takedowns, the console's forms), declare it in a module named for what it is about, build
it from fields.py's types and limits, and name it in a route's @validation.shape(...): the
document and the request's validation follow.

- fields.py: the field types and limits every shape shares (text, URLs, ids)
- keys.py: the one canonical validation of entry keys, per kind and marketplace
- entries.py: curated entries and list-file rows
- reports.py: volunteers' reports and maintainers' decisions
- reference.py: brands, title rules, price floors
- check.py: POST /check's request and answer
- feeds.py: health, audit, pages, /changes, export, private lookups, the rule file
- parse.py: validating against a shape, every failure naming its field
"""
