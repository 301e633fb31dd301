"""Imports every module that defines tables, so ``Base.metadata`` is complete.

Migrations (env.py), the drift test and ``open_database`` import this module; a new model module
is added to the import and to ``MODEL_MODULES`` here.
"""

from netdesk.storage import (
    event_models,
    followup_models,
    import_models,
    interview_models,
    models,
    sync_models,
)
from netdesk.storage.models import Base

MODEL_MODULES = (models, followup_models, import_models, event_models, interview_models, sync_models)

__all__ = ["MODEL_MODULES", "Base"]
