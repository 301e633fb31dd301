"""Imports every module that defines tables, so ``Base.metadata`` is complete.

Migrations (env.py), the drift test and ``open_database`` import this module; a new model module
adds one import line here.
"""

import netdesk.storage.event_models
import netdesk.storage.followup_models
import netdesk.storage.import_models  # noqa: F401  (import batches, preserved vCard properties)
import netdesk.storage.interview_models
from netdesk.storage import models
from netdesk.storage.models import Base

__all__ = ["Base", "models"]
