"""Message rules (filters): conditions and actions, run on arrival in the fetch and on demand.

- model.py: what a rule is, and its form in ``rules.json``;
- book.py: the store's ``rules.json`` (versioned, atomic, a bad rule skipped, not fatal);
- matcher.py: whether a rule's conditions hold for a message (``Contacts`` for the address
  book);
- engine.py: deciding and acting, idempotently (``run_rules``);
- arrival.py: rules in the fetch, with the fetch's kill -9 guarantee;
- forward.py: the "forward to" action through the Outbox;
- propose.py: "Create Rule from Message".

See docs/design/architecture.md ("Rules"). Import from the modules: this package imports
nothing, so the fetch loads the store and the engine only when there is filtering to do.
"""
