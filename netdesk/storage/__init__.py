"""SQLAlchemy models, engine set-up, migrations and repositories. Imports ``netdesk.domain`` only."""
