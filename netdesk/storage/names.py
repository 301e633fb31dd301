"""Names of the things on disk that the fast paths of the command line need without importing
SQLAlchemy (standard library only): the database file, the search index table and the newest
schema revision this netdesk writes.

``HEAD_REVISION``: bump it with every new migration in ``migrations/versions``
(tests/unit/test_cli_start.py checks it); the start-up check compares ``alembic_version`` with it.
"""

DB_FILENAME = "netdesk.sqlite3"
BACKUPS_DIRNAME = "backups"
FTS_TABLE = "contact_fts"
HEAD_REVISION = "0018"
