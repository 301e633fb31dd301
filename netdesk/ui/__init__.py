"""Qt user interface. The only package that imports Qt; it talks to ``netdesk.services`` and holds
frozen ``netdesk.domain`` objects, never ORM rows or a Session."""
